import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Slot } from '../api/types';
import { civilDate } from '../time/zoned';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** The weekly slots saved on a channel (`settings.slots`); anything malformed is left out. */
export const slotsOf = (channel: Channel): Slot[] => {
  const saved = channel.settings['slots'];
  if (!Array.isArray(saved)) return [];
  return saved.flatMap((slot: unknown) => {
    const { weekday, time } = (slot ?? {}) as Partial<Slot>;
    return typeof weekday === 'number' && typeof time === 'string' ? [{ weekday, time }] : [];
  });
};

export const sameSlots = (a: readonly Slot[], b: readonly Slot[]) =>
  a.length === b.length && a.every((slot, i) => slot.weekday === b[i]?.weekday && slot.time === b[i]?.time);

/** Rows of weekday and time: where "Add to queue" puts this channel's posts. */
export const SlotsField = (props: { slots: Slot[]; onChange: (slots: Slot[]) => void; error?: string }) => {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  // 2024-01-01 was a Monday: weekday n is n - 1 days after it.
  const dayName = new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' });
  const nameOf = (weekday: number) => dayName.format(civilDate(`2024-01-0${weekday}`));
  const update = (index: number, patch: Partial<Slot>) =>
    props.onChange(props.slots.map((slot, i) => (i === index ? { ...slot, ...patch } : slot)));
  return (
    <fieldset className="fieldset slots" aria-labelledby={titleId}>
      <legend className="field-label" id={titleId}>
        {t('slots.title')}
      </legend>
      <p className="field-hint">{t('slots.hint')}</p>
      {props.slots.length === 0 ? <p className="muted">{t('slots.none')}</p> : null}
      <ul className="slot-rows">
        {props.slots.map((slot, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <li key={index} className="slot-row">
            <select
              className="input select select-compact"
              aria-label={t('slots.weekdayOf', { number: index + 1 })}
              value={slot.weekday}
              onChange={(event) => update(index, { weekday: Number(event.target.value) })}
            >
              {WEEKDAYS.map((weekday) => (
                <option key={weekday} value={weekday}>
                  {nameOf(weekday)}
                </option>
              ))}
            </select>
            <input
              type="time"
              className="input slot-time"
              aria-label={t('slots.timeOf', { number: index + 1 })}
              value={slot.time}
              onChange={(event) => update(index, { time: event.target.value })}
            />
            <button
              type="button"
              className="btn btn-ghost-danger btn-small"
              aria-label={t('slots.removeLabel', { number: index + 1 })}
              onClick={() => props.onChange(props.slots.filter((_, i) => i !== index))}
            >
              {t('slots.remove')}
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => props.onChange([...props.slots, { weekday: 1, time: '09:00' }])}
        >
          {t('slots.add')}
        </button>
      </p>
      {props.error ? <p className="field-error">{props.error}</p> : null}
    </fieldset>
  );
};
