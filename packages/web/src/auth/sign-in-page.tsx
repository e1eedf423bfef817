import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/api-error';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, required, useFormErrors } from '../ui/form-errors';
import { PublicLayout } from '../ui/public-layout';
import { useSignIn } from './use-session';

const FIELDS = ['email', 'password'] as const;

export const SignInPage = () => {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errors = useFormErrors(FIELDS, signIn.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = required(t, { email, password });
    errors.setClientErrors(missing);
    if (Object.keys(missing).length > 0) return;
    signIn.mutate({ email: email.trim(), password });
  };

  const alert = !signIn.isError
    ? null
    : isApiError(signIn.error, 'unauthorized')
      ? t('signIn.wrongCredentials')
      : describeError(t, signIn.error);

  return (
    <PublicLayout>
      <div className="auth-card">
        <h1 className="auth-title">{t('signIn.title')}</h1>
        <p className="auth-lead">{t('signIn.lead')}</p>
        <form onSubmit={submit} noValidate className="form">
          <FormAlert message={alert} details={errors.unplacedDetails} />
          <TextField
            label={t('fields.email')}
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onValueChange={setEmail}
            error={errors.errorFor('email')}
          />
          <TextField
            label={t('fields.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onValueChange={setPassword}
            error={errors.errorFor('password')}
          />
          <button type="submit" className="btn btn-primary btn-block" disabled={signIn.isPending}>
            {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </PublicLayout>
  );
};
