import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from './api/api-context';
import { queryKeys } from './api/query-keys';
import type { Me } from './api/types';
import { rememberReturnTo } from './auth/return-to';
import { SignInPage } from './auth/sign-in-page';
import { useMe } from './auth/use-session';
import { isLocale } from './i18n/i18n';
import { navigate, paths, usePath } from './routing/router';
import { SetupPage } from './setup/setup-page';
import { AppShell } from './shell/app-shell';
import { describeError } from './ui/form-errors';
import { Loading } from './ui/page';

/** First run → setup; no session → sign in; otherwise the app. */
export const App = () => {
  const { t } = useTranslation();
  const api = useApi();
  const setup = useQuery({
    queryKey: queryKeys.setup,
    queryFn: api.setupStatus,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (setup.isPending)
    return (
      <FullPage>
        <Loading label={t('common.loading')} />
      </FullPage>
    );
  if (setup.isError) return <LoadFailed error={setup.error} retry={() => setup.refetch()} />;
  if (setup.data.needed) return <SetupPage />;
  return <SessionGate />;
};

const SessionGate = () => {
  const { t } = useTranslation();
  const me = useMe();
  const path = usePath();
  useAccountLocale(me.data);

  const signedOut = me.data === null;
  useEffect(() => {
    if (!signedOut || path === paths.signIn()) return;
    rememberReturnTo(path);
    navigate(paths.signIn(), { replace: true });
  }, [signedOut, path]);

  if (me.isPending)
    return (
      <FullPage>
        <Loading label={t('common.loading')} />
      </FullPage>
    );
  if (me.isError) return <LoadFailed error={me.error} retry={() => me.refetch()} />;
  if (me.data === null) return <SignInPage />;
  return <AppShell me={me.data} />;
};

/** A signed-in person's saved language wins over whatever this browser last used. */
const useAccountLocale = (me: Me | null | undefined) => {
  const { i18n } = useTranslation();
  const locale = me?.user.locale;
  useEffect(() => {
    if (isLocale(locale) && locale !== i18n.resolvedLanguage) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
};

const FullPage = ({ children }: { children: ReactNode }) => (
  <main className="full-page" id="main">
    {children}
  </main>
);

const LoadFailed = ({ error, retry }: { error: unknown; retry: () => void }) => {
  const { t } = useTranslation();
  return (
    <FullPage>
      <div className="auth-card">
        <h1 className="auth-title">{t('errors.loadFailedTitle')}</h1>
        <p className="alert alert-error" role="alert">
          {describeError(t, error)}
        </p>
        <button type="button" className="btn btn-primary" onClick={retry}>
          {t('common.retry')}
        </button>
      </div>
    </FullPage>
  );
};
