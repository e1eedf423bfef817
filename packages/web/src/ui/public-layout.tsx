import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../i18n/language-switcher';
import { BrandMark } from './brand';

/** The frame of the screens seen before signing in: the brand, a language choice, one card. */
export const PublicLayout = ({ children }: { children: ReactNode }) => {
  const { t } = useTranslation();
  return (
    <div className="public-layout">
      <header className="public-header">
        <span className="brand">
          <BrandMark />
          <span className="brand-name">Araldo</span>
        </span>
        <LanguageSwitcher signedIn={false} />
      </header>
      <main className="public-main">{children}</main>
      <footer className="public-footer">{t('public.footer')}</footer>
    </div>
  );
};
