import { useTranslation } from 'react-i18next';

/** Instants from the API shown in the reader's language and the browser's zone. */
export const useFormatInstant = () => {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso: string) => format.format(new Date(iso));
};

/** Instants shown on the clock of a named zone (the workspace's), whatever the browser's zone. */
export const useFormatInZone = (zone: string) => {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  });
  return (iso: string) => format.format(new Date(iso));
};
