import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../ui/form-errors';
import { isLocale, LOCALES } from './i18n';
import { useChangeLocale, useCurrentLocale } from './use-locale';

export const LanguageSwitcher = ({ signedIn }: { signedIn: boolean }) => {
  const { t } = useTranslation();
  const id = useId();
  const locale = useCurrentLocale();
  const change = useChangeLocale();
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="language-label">
        <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16" className="icon">
          <path
            d="M10 2a8 8 0 100 16 8 8 0 000-16zm0 0c2.2 2.2 3 5 3 8s-.8 5.8-3 8m0-16C7.8 4.2 7 7 7 10s.8 5.8 3 8M2.5 7.5h15m-15 5h15"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
          />
        </svg>
        {t('language.label')}
      </label>
      <select
        id={id}
        className="input select select-compact"
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) change.mutate({ locale: event.target.value, signedIn });
        }}
      >
        {LOCALES.map((option) => (
          <option key={option.code} value={option.code} lang={option.code}>
            {option.name}
          </option>
        ))}
      </select>
      {change.isError ? (
        <p className="field-error" role="alert">
          {t('language.saveFailed', { reason: describeError(t, change.error) })}
        </p>
      ) : null}
    </div>
  );
};
