import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { NewToken, TokenScope } from '../api/types';
import { SelectField, TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, required, useFormErrors } from '../ui/form-errors';

const FIELDS = ['name', 'scope', 'expiresInDays'] as const;
const EXPIRIES = ['never', '30', '90', '365'] as const;

export const CreateTokenForm = ({ onCreated }: { onCreated: (created: NewToken) => void }) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [expiry, setExpiry] = useState<(typeof EXPIRIES)[number]>('90');
  const scopeLegendId = useId();

  const create = useMutation({
    mutationFn: () =>
      api.createToken({
        name: name.trim(),
        scope,
        ...(expiry === 'never' ? {} : { expiresInDays: Number(expiry) }),
      }),
    onSuccess: async (created) => {
      setName('');
      onCreated(created);
      await queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
    },
  });
  const errors = useFormErrors(FIELDS, create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = required(t, { name });
    errors.setClientErrors(missing);
    if (Object.keys(missing).length === 0) create.mutate();
  };

  const scopeError = errors.errorFor('scope');
  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert
        message={create.isError ? describeError(t, create.error) : null}
        details={errors.unplacedDetails}
      />
      <div className="form-row">
        <TextField
          label={t('tokens.nameLabel')}
          name="name"
          autoComplete="off"
          value={name}
          onValueChange={setName}
          hint={t('tokens.nameHint')}
          error={errors.errorFor('name')}
        />
        <SelectField
          label={t('tokens.expiresLabel')}
          name="expiresInDays"
          value={expiry}
          onValueChange={(value) => setExpiry(value as (typeof EXPIRIES)[number])}
          options={EXPIRIES.map((value) => ({ value, label: t(`tokens.expiry.${value}`) }))}
          error={errors.errorFor('expiresInDays')}
        />
      </div>
      <fieldset
        className="fieldset choice-group"
        aria-describedby={scopeError ? `${scopeLegendId}-error` : undefined}
      >
        <legend className="field-label" id={scopeLegendId}>
          {t('tokens.scopeLabel')}
        </legend>
        {(['read', 'write'] as const).map((value) => (
          <label key={value} className={scope === value ? 'choice choice-selected' : 'choice'}>
            <input
              type="radio"
              name="scope"
              value={value}
              checked={scope === value}
              onChange={() => setScope(value)}
            />
            <span className="choice-text">
              <span className="choice-title">{t(`tokens.scope.${value}`)}</span>
              <span className="choice-hint">{t(`tokens.scopeHint.${value}`)}</span>
            </span>
          </label>
        ))}
        {scopeError ? (
          <p className="field-error" id={`${scopeLegendId}-error`}>
            {scopeError}
          </p>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {t('tokens.createSubmit')}
        </button>
      </div>
    </form>
  );
};
