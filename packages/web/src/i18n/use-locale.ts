import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Locale, Me } from '../api/types';
import { isLocale, rememberLocale } from './i18n';

export const useCurrentLocale = (): Locale => {
  const { i18n } = useTranslation();
  return isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
};

/** Switch language now; for a signed-in person also save it on the account (PATCH /me). */
export const useChangeLocale = () => {
  const { i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ locale, signedIn }: { locale: Locale; signedIn: boolean }) => {
      // Saved first, so the screen never shows a language the account does not have yet
      // (a reload would otherwise switch back).
      const user = signedIn ? (await api.updateMe({ locale })).user : null;
      rememberLocale(locale);
      await i18n.changeLanguage(locale);
      return user;
    },
    onSuccess: (user) => {
      if (!user) return;
      queryClient.setQueryData<Me | null>(queryKeys.me, (me) => (me ? { ...me, user } : me));
    },
  });
};
