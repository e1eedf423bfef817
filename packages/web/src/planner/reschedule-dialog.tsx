import { type FormEvent, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { excerpt } from '../posts/delivery-badge';
import { TextField } from '../ui/field';
import { describeError } from '../ui/form-errors';
import type { PlannerEntry } from './use-planner';

/**
 * The keyboard's way to move a post: a native modal <dialog> (focus trap, Escape and the inert
 * page come from the browser) with the day and the time on the workspace's clock.
 */
export const RescheduleDialog = (props: {
  entry: PlannerEntry | null;
  channelName: string;
  zone: string;
  today: string;
  busy: boolean;
  error: unknown;
  onSubmit: (day: string, time: string) => void;
  onCancel: () => void;
}) => {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [dayError, setDayError] = useState<string | undefined>();
  const [timeError, setTimeError] = useState<string | undefined>();
  const { entry } = props;

  // A layout effect: the dialog closes (and hands focus back) before the moved chip, in its
  // ordinary effect, takes the focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (entry) {
      setDay(entry.day);
      setTime(entry.time);
      setDayError(undefined);
      setTimeError(undefined);
      if (!dialog.open) dialog.showModal();
    } else if (dialog.open) dialog.close();
  }, [entry]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const badDay = !/^\d{4}-\d{2}-\d{2}$/.test(day)
      ? t('errors.required')
      : day < props.today
        ? t('planner.reschedule.notInPast')
        : undefined;
    const badTime = /^\d{2}:\d{2}$/.test(time) ? undefined : t('errors.required');
    setDayError(badDay);
    setTimeError(badTime);
    if (!badDay && !badTime) props.onSubmit(day, time);
  };
  // The server's sentence names what is wrong with the new time (e.g. a network's rule).
  const error =
    props.error instanceof ApiError && props.error.code === 'validation_failed'
      ? props.error.message
      : props.error
        ? describeError(t, props.error)
        : null;
  const text = entry ? excerpt(entry.post.text, 60) || t('planner.noText') : '';

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={titleId} className="dialog-title">
          {t('planner.reschedule.title', { text })}
        </h2>
        <div className="dialog-body">
          <p>{t('planner.reschedule.body', { channel: props.channelName })}</p>
          <div className="form-row reschedule-fields">
            <TextField
              type="date"
              label={t('planner.reschedule.day')}
              value={day}
              min={props.today}
              required
              onValueChange={setDay}
              error={dayError}
            />
            <TextField
              type="time"
              label={t('planner.reschedule.time', { zone: props.zone.replaceAll('_', ' ') })}
              value={time}
              required
              onValueChange={setTime}
              error={timeError}
            />
          </div>
        </div>
        {error ? (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn btn-secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={props.busy}>
            {t('planner.reschedule.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
};
