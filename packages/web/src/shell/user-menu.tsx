import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/types';
import { useSignOut } from '../auth/use-session';
import { LanguageSwitcher } from '../i18n/language-switcher';
import { Link, paths } from '../routing/router';
import { describeError } from '../ui/form-errors';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');

/** A disclosure (button + panel) rather than an ARIA menu: the panel holds a select and links. */
export const UserMenu = ({ user }: { user: User }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const signOut = useSignOut();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        {/* Initials drawn by CSS so the button's name is the person's name, as it reads. */}
        <span className="avatar" aria-hidden="true" data-initials={initials(user.name)} />
        <span className="user-menu-name">{user.name}</span>
        <span className="visually-hidden">{t('shell.accountMenu')}</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" width="14" height="14" className="icon">
          <path d="M5 8l5 5 5-5" fill="none" stroke="currentColor" strokeWidth="1.8" />
        </svg>
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <div className="user-menu-identity">
          <strong>{user.name}</strong>
          <span>{user.email}</span>
        </div>
        <LanguageSwitcher signedIn />
        <Link href={paths.tokens()} className="user-menu-link" onClick={() => setOpen(false)}>
          {t('nav.tokens')}
        </Link>
        <button
          type="button"
          className="btn btn-secondary btn-block"
          onClick={() => signOut.mutate()}
          disabled={signOut.isPending}
        >
          {t('shell.signOut')}
        </button>
        {signOut.isError ? (
          <p className="field-error" role="alert">
            {describeError(t, signOut.error)}
          </p>
        ) : null}
      </div>
    </div>
  );
};
