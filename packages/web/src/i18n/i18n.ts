import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types';
import { en } from './en';
import { it } from './it';

export const LOCALES: readonly { code: Locale; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'it', name: 'Italiano' },
];

const STORAGE_KEY = 'araldo.locale';

export const isLocale = (value: unknown): value is Locale => value === 'en' || value === 'it';

/** Before anyone signs in: the last choice made on this browser, else the browser's language. */
const initialLocale = (): Locale => {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  return navigator.language.toLowerCase().startsWith('it') ? 'it' : 'en';
};

export const rememberLocale = (locale: Locale) => window.localStorage.setItem(STORAGE_KEY, locale);

export const createI18n = (): i18n => {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, it: { translation: it } },
    lng: initialLocale(),
    fallbackLng: 'en',
    supportedLngs: ['en', 'it'],
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  return instance;
};
