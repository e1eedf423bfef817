import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewToken } from '../api/types';

/** Copy through the Clipboard API, or by selecting the field where it is unavailable. */
const copyText = async (text: string, field: HTMLInputElement | null): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.select();
    return document.execCommand('copy');
  }
};

/** The secret exists in the browser only while this panel is open; the server never shows it again. */
export const TokenSecret = ({ created, onDone }: { created: NewToken; onDone: () => void }) => {
  const { t } = useTranslation();
  const titleId = useId();
  const fieldId = useId();
  const warningId = useId();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  return (
    <section className="card card-highlight" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId} ref={titleRef} tabIndex={-1}>
        {t('tokens.secretTitle', { name: created.token.name })}
      </h2>
      <p className="alert alert-warning" id={warningId}>
        {t('tokens.secretWarning')}
      </p>
      <label className="field-label" htmlFor={fieldId}>
        {t('tokens.secretLabel')}
      </label>
      <div className="secret-row">
        <input
          id={fieldId}
          ref={fieldRef}
          className="input input-mono"
          readOnly
          value={created.secret}
          aria-describedby={warningId}
          onFocus={(event) => event.target.select()}
        />
        <button
          type="button"
          className="btn btn-primary"
          onClick={async () => setCopied(await copyText(created.secret, fieldRef.current))}
        >
          {t('tokens.copy')}
        </button>
      </div>
      <p className="status-text" role="status">
        {copied === true ? t('tokens.copied') : copied === false ? t('tokens.copyFailed') : ''}
      </p>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onDone}>
          {t('tokens.done')}
        </button>
      </div>
    </section>
  );
};
