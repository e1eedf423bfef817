import { useId } from 'react';

/**
 * A channel's own version of something the post says for every channel (its text, its first
 * comment): the field, a hint saying whether it follows the common one, and a way back to it.
 */
export const OverrideField = (props: {
  label: string;
  value: string;
  rows: number;
  own: boolean;
  ownHint: string;
  commonHint: string;
  resetLabel: string;
  className?: string;
  errorId: string | undefined;
  onChange: (value: string | undefined) => void;
}) => {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={props.className ? `field ${props.className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <textarea
        id={id}
        className="input textarea"
        rows={props.rows}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.errorId ? true : undefined}
        aria-describedby={[props.errorId, hintId].filter(Boolean).join(' ')}
      />
      <div className="composer-override">
        <p className="field-hint" id={hintId}>
          {props.own ? props.ownHint : props.commonHint}
        </p>
        {props.own ? (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => props.onChange(undefined)}
          >
            {props.resetLabel}
          </button>
        ) : null}
      </div>
    </div>
  );
};
