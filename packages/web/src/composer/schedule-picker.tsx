import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { TimeZoneField } from '../ui/time-zone-field';
import type { ComposerDraft, When } from './composer-state';
import { RecurrenceFields } from './recurrence-fields';

const CHOICES: readonly When[] = ['now', 'at', 'queue', 'recurring', 'draft'];

/**
 * When it goes out: now, at a time in a zone (the workspace's by default), the queue, again and
 * again on a rule, or later.
 */
export const SchedulePicker = (props: {
  draft: ComposerDraft;
  onChange: (patch: Partial<ComposerDraft>) => void;
  error: string | undefined;
}) => {
  const { t } = useTranslation();
  const atId = useId();
  const errorId = useId();
  const { draft } = props;
  const zoneField = (
    <TimeZoneField
      value={draft.zone}
      onValueChange={(zone) => props.onChange({ zone })}
      hint={t('composer.when.zoneHint')}
    />
  );
  return (
    <fieldset className="fieldset composer-section" aria-describedby={props.error ? errorId : undefined}>
      <legend className="composer-section-title">{t('composer.when.title')}</legend>
      <div className="when-choices">
        {CHOICES.map((choice) => (
          <label key={choice} className={draft.when === choice ? 'choice choice-selected' : 'choice'}>
            <input
              type="radio"
              name="when"
              value={choice}
              checked={draft.when === choice}
              onChange={() => props.onChange({ when: choice })}
            />
            <span className="choice-text">
              <span className="choice-title">{t(`composer.when.${choice}`)}</span>
              <span className="choice-hint">{t(`composer.when.${choice}Hint`)}</span>
            </span>
          </label>
        ))}
      </div>
      {draft.when === 'at' ? (
        <div className="form-row nested">
          <div className="field">
            <label className="field-label" htmlFor={atId}>
              {t('composer.when.dateTime')}
            </label>
            <input
              id={atId}
              type="datetime-local"
              className="input"
              value={draft.at}
              onChange={(event) => props.onChange({ at: event.target.value })}
              aria-invalid={props.error ? true : undefined}
            />
          </div>
          {zoneField}
        </div>
      ) : null}
      {draft.when === 'recurring' ? (
        <RecurrenceFields
          draft={draft.recurrence}
          zone={draft.zone}
          onChange={(patch) => props.onChange({ recurrence: { ...draft.recurrence, ...patch } })}
          zoneField={zoneField}
        />
      ) : null}
      {props.error ? (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
};
