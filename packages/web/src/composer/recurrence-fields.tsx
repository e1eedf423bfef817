import { type ReactNode, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../ui/field';
import {
  type Frequency,
  LAST_DAY,
  nextOccurrences,
  type RecurrenceDraft,
  type RecurrenceEnd,
  recurrenceProblem,
} from './recurrence-draft';
import { describeRecurrence, weekdayName } from './recurrence-summary';

const FREQUENCIES: readonly Frequency[] = ['daily', 'weekly', 'monthly'];
const ENDS: readonly RecurrenceEnd[] = ['never', 'on', 'after'];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/**
 * Daily, weekly on chosen days or monthly, every N, at a time from a date, ending never, on a
 * date or after N times; said back in words, with the next three dates on the zone's clock.
 */
export const RecurrenceFields = (props: {
  draft: RecurrenceDraft;
  zone: string;
  onChange: (patch: Partial<RecurrenceDraft>) => void;
  /** The zone's own field, shown with the time it governs. */
  zoneField: ReactNode;
}) => {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { draft, zone, onChange } = props;
  const problem = useMemo(() => recurrenceProblem(draft, zone, Date.now()), [draft, zone]);
  const next = useMemo(
    () => (problem === null ? nextOccurrences(draft, zone, Date.now(), 3) : []),
    [draft, zone, problem],
  );
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: zone });

  return (
    <div className="recurrence">
      {draft.custom !== null ? (
        <div className="recurrence-custom">
          <p>{t('composer.recurrence.customLead')}</p>
          <code className="code">{draft.custom}</code>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => onChange({ custom: null })}
          >
            {t('composer.recurrence.replaceCustom')}
          </button>
        </div>
      ) : (
        <RuleControls draft={draft} onChange={onChange} />
      )}
      <div className="form-row">{props.zoneField}</div>
      <div className="recurrence-outcome">
        <p className="recurrence-summary" aria-live="polite">
          {describeRecurrence(t, locale, draft)}
        </p>
        {problem !== null ? (
          <p className="field-error">{t(`composer.recurrence.problems.${problem}`)}</p>
        ) : (
          <>
            <h3 className="recurrence-next-title">{t('composer.recurrence.nextTitle', { zone })}</h3>
            <ol className="recurrence-next" aria-label={t('composer.recurrence.nextTitle', { zone })}>
              {next.map((instant) => (
                <li key={instant}>{format.format(instant)}</li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
};

const RuleControls = (props: {
  draft: RecurrenceDraft;
  onChange: (patch: Partial<RecurrenceDraft>) => void;
}) => {
  const { t, i18n } = useTranslation();
  const { draft, onChange } = props;
  const endsName = useId();
  const toggleDay = (day: number, on: boolean) =>
    onChange({ weekdays: on ? [...draft.weekdays, day] : draft.weekdays.filter((d) => d !== day) });
  const days = [
    ...Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) })),
    { value: String(LAST_DAY), label: t('composer.recurrence.lastDay') },
  ];
  return (
    <>
      <div className="form-row">
        <SelectField
          label={t('composer.recurrence.frequency')}
          value={draft.frequency}
          onValueChange={(frequency) => onChange({ frequency: frequency as Frequency })}
          options={FREQUENCIES.map((value) => ({
            value,
            label: t(`composer.recurrence.frequencies.${value}`),
          }))}
        />
        <TextField
          label={t(`composer.recurrence.interval.${draft.frequency}`)}
          type="number"
          inputMode="numeric"
          min={1}
          max={999}
          value={String(draft.interval)}
          onValueChange={(value) => onChange({ interval: Number(value) })}
        />
      </div>
      {draft.frequency === 'weekly' ? (
        <fieldset className="fieldset">
          <legend className="field-label">{t('composer.recurrence.weekdays')}</legend>
          <div className="weekday-choices">
            {WEEKDAYS.map((day) => {
              const checked = draft.weekdays.includes(day);
              return (
                <label
                  key={day}
                  className={checked ? 'weekday-choice weekday-choice-selected' : 'weekday-choice'}
                >
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={(event) => toggleDay(day, event.target.checked)}
                  />
                  <span aria-hidden="true">{weekdayName(i18n.language, day, 'short')}</span>
                  <span className="visually-hidden">{weekdayName(i18n.language, day)}</span>
                </label>
              );
            })}
          </div>
        </fieldset>
      ) : null}
      <div className="form-row">
        {draft.frequency === 'monthly' ? (
          <SelectField
            label={t('composer.recurrence.monthDay')}
            value={String(draft.monthDay)}
            onValueChange={(value) => onChange({ monthDay: Number(value) })}
            options={days}
            hint={draft.monthDay > 28 ? t('composer.recurrence.monthDayHint') : undefined}
          />
        ) : null}
        <TextField
          label={t('composer.recurrence.time')}
          type="time"
          value={draft.time}
          onValueChange={(time) => onChange({ time })}
        />
        <TextField
          label={t('composer.recurrence.startDate')}
          type="date"
          value={draft.startDate}
          onValueChange={(startDate) => onChange({ startDate })}
        />
      </div>
      <fieldset className="fieldset">
        <legend className="field-label">{t('composer.recurrence.ends')}</legend>
        <div className="recurrence-ends">
          {ENDS.map((end) => (
            <label key={end} className="checkbox">
              <input
                type="radio"
                name={endsName}
                checked={draft.ends === end}
                onChange={() => onChange({ ends: end })}
              />
              {t(`composer.recurrence.endChoices.${end}`)}
            </label>
          ))}
        </div>
        {draft.ends === 'on' ? (
          <TextField
            label={t('composer.recurrence.until')}
            type="date"
            min={draft.startDate}
            value={draft.until}
            onValueChange={(until) => onChange({ until })}
          />
        ) : null}
        {draft.ends === 'after' ? (
          <TextField
            label={t('composer.recurrence.count')}
            type="number"
            inputMode="numeric"
            min={1}
            max={9999}
            value={String(draft.count)}
            onValueChange={(count) => onChange({ count: Number(count) })}
          />
        ) : null}
      </fieldset>
    </>
  );
};
