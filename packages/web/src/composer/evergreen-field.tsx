import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../ui/field';
import { type ComposerDraft, EVERGREEN_BOUNDS, type EvergreenDraft } from './composer-state';

/**
 * Evergreen: some days after it went out on a channel, the post goes back into that channel's
 * queue if it did better than the channel's usual post, at most a number of times.
 */
export const EvergreenField = (props: {
  draft: ComposerDraft;
  onChange: (evergreen: EvergreenDraft) => void;
  error: string | undefined;
}) => {
  const { t } = useTranslation();
  const titleId = useId();
  const hintId = useId();
  const { evergreen } = props.draft;
  const set = (patch: Partial<EvergreenDraft>) => props.onChange({ ...evergreen, ...patch });
  const recurring = props.draft.when === 'recurring';
  return (
    <section className="composer-section" aria-labelledby={titleId}>
      <h2 className="composer-section-title" id={titleId}>
        {t('composer.evergreen.title')}
      </h2>
      {recurring ? (
        <p className="muted">{t('composer.evergreen.recurringNote')}</p>
      ) : (
        <>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={evergreen.on}
              onChange={(event) => set({ on: event.target.checked })}
              aria-describedby={hintId}
            />
            {t('composer.evergreen.toggle')}
          </label>
          <p className="field-hint" id={hintId}>
            {t('composer.evergreen.hint')}
          </p>
          {evergreen.on ? (
            <div className="form-row nested">
              <TextField
                label={t('composer.evergreen.afterDays')}
                type="number"
                inputMode="numeric"
                min={EVERGREEN_BOUNDS.afterDays.min}
                max={EVERGREEN_BOUNDS.afterDays.max}
                value={String(evergreen.afterDays)}
                onValueChange={(value) => set({ afterDays: Number(value) })}
              />
              <TextField
                label={t('composer.evergreen.maxTimes')}
                type="number"
                inputMode="numeric"
                min={EVERGREEN_BOUNDS.maxTimes.min}
                max={EVERGREEN_BOUNDS.maxTimes.max}
                value={String(evergreen.maxTimes)}
                onValueChange={(value) => set({ maxTimes: Number(value) })}
              />
            </div>
          ) : null}
        </>
      )}
      {props.error ? <p className="field-error">{props.error}</p> : null}
    </section>
  );
};
