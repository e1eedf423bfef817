import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { isApiError } from '../api/api-error';
import { queryKeys } from '../api/query-keys';
import type { SetupInput, SetupStatus } from '../api/types';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { useCurrentLocale } from '../i18n/use-locale';
import { navigate, paths } from '../routing/router';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, type FieldErrors, required, useFormErrors } from '../ui/form-errors';
import { PublicLayout } from '../ui/public-layout';
import { browserTimeZone, TimeZoneField } from '../ui/time-zone-field';

const FIELDS = ['name', 'email', 'password', 'workspaceName', 'timeZone'] as const;

export const SetupPage = () => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const locale = useCurrentLocale();
  const [form, setForm] = useState<SetupInput>({
    name: '',
    email: '',
    password: '',
    workspaceName: '',
    timeZone: browserTimeZone(),
  });
  const set = (field: keyof SetupInput) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));

  const setup = useMutation({
    mutationFn: async (input: SetupInput) => {
      const answer = await api.setup(input);
      // Setup takes no locale: carry over the language chosen on this screen.
      if (locale !== 'en') await api.updateMe({ locale }).catch(() => undefined);
      return answer;
    },
    onSuccess: async (answer) => {
      queryClient.setQueryData<SetupStatus>(queryKeys.setup, { needed: false });
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      navigate(paths.home(answer.workspace.id));
    },
    onError: (error) => {
      if (isApiError(error, 'conflict'))
        queryClient.setQueryData<SetupStatus>(queryKeys.setup, { needed: false });
    },
  });
  const errors = useFormErrors(FIELDS, setup.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = required(t, {
      name: form.name,
      email: form.email,
      workspaceName: form.workspaceName,
    });
    if (form.password.length < MIN_PASSWORD_LENGTH) {
      found['password'] = t('errors.passwordTooShort', { count: MIN_PASSWORD_LENGTH });
    }
    errors.setClientErrors(found);
    if (Object.keys(found).length > 0) return;
    setup.mutate({
      ...form,
      email: form.email.trim(),
      name: form.name.trim(),
      workspaceName: form.workspaceName.trim(),
    });
  };

  return (
    <PublicLayout>
      <div className="auth-card auth-card-wide">
        <p className="eyebrow">{t('setup.eyebrow')}</p>
        <h1 className="auth-title">{t('setup.title')}</h1>
        <p className="auth-lead">{t('setup.lead')}</p>
        <form onSubmit={submit} noValidate className="form">
          <FormAlert
            message={setup.isError ? describeError(t, setup.error) : null}
            details={errors.unplacedDetails}
          />
          <fieldset className="fieldset">
            <legend className="legend">{t('setup.you')}</legend>
            <TextField
              label={t('fields.yourName')}
              name="name"
              autoComplete="name"
              value={form.name}
              onValueChange={set('name')}
              error={errors.errorFor('name')}
            />
            <TextField
              label={t('fields.email')}
              type="email"
              name="email"
              autoComplete="username"
              value={form.email}
              onValueChange={set('email')}
              error={errors.errorFor('email')}
            />
            <TextField
              label={t('fields.password')}
              type="password"
              name="password"
              autoComplete="new-password"
              value={form.password}
              onValueChange={set('password')}
              hint={t('fields.passwordHint', { count: MIN_PASSWORD_LENGTH })}
              error={errors.errorFor('password')}
            />
          </fieldset>
          <fieldset className="fieldset">
            <legend className="legend">{t('setup.workspace')}</legend>
            <TextField
              label={t('fields.workspaceName')}
              name="workspaceName"
              autoComplete="organization"
              value={form.workspaceName}
              onValueChange={set('workspaceName')}
              hint={t('fields.workspaceNameHint')}
              error={errors.errorFor('workspaceName')}
            />
            <TimeZoneField
              value={form.timeZone}
              onValueChange={set('timeZone')}
              error={errors.errorFor('timeZone')}
            />
          </fieldset>
          <button type="submit" className="btn btn-primary btn-block" disabled={setup.isPending}>
            {setup.isPending ? t('setup.submitting') : t('setup.submit')}
          </button>
        </form>
      </div>
    </PublicLayout>
  );
};
