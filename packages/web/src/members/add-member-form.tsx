import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/api-error';
import { queryKeys } from '../api/query-keys';
import type { AddMemberInput, Member, Role } from '../api/types';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { SelectField, TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, type FieldErrors, required, useFormErrors } from '../ui/form-errors';
import { grantableRoles } from './roles';

const FIELDS = ['email', 'role', 'name', 'password'] as const;

export const AddMemberForm = (props: {
  workspaceId: string;
  actorRole: Role;
  onAdded: (member: Member) => void;
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [newAccount, setNewAccount] = useState(false);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  const add = useMutation({
    mutationFn: (input: AddMemberInput) => api.addMember(props.workspaceId, input),
    onSuccess: async (member) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.members(props.workspaceId) });
      setEmail('');
      setName('');
      setPassword('');
      setNewAccount(false);
      props.onAdded(member);
    },
    onError: (error) => {
      // The server asks for a name and password when the address has no account yet.
      if (error instanceof ApiError && (error.fieldMessage('name') || error.fieldMessage('password'))) {
        setNewAccount(true);
      }
    },
  });
  const errors = useFormErrors(FIELDS, add.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = required(t, newAccount ? { email, name } : { email });
    if (newAccount && password.length < MIN_PASSWORD_LENGTH) {
      found['password'] = t('errors.passwordTooShort', { count: MIN_PASSWORD_LENGTH });
    }
    errors.setClientErrors(found);
    if (Object.keys(found).length > 0) return;
    const input: AddMemberInput = { email: email.trim(), role };
    if (newAccount) Object.assign(input, { name: name.trim(), password });
    add.mutate(input);
  };

  const roleOptions = grantableRoles(props.actorRole).map((value) => ({ value, label: t(`roles.${value}`) }));

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert
        message={add.isError ? describeError(t, add.error) : null}
        details={errors.unplacedDetails}
      />
      <div className="form-row">
        <TextField
          label={t('fields.email')}
          type="email"
          name="email"
          autoComplete="off"
          value={email}
          onValueChange={setEmail}
          error={errors.errorFor('email')}
        />
        <SelectField
          label={t('fields.role')}
          name="role"
          value={role}
          onValueChange={(value) => setRole(value as Role)}
          options={roleOptions}
          error={errors.errorFor('role')}
        />
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={newAccount}
          onChange={(event) => setNewAccount(event.target.checked)}
        />
        <span>{t('members.newAccount')}</span>
      </label>
      {newAccount ? (
        <div className="form-row nested">
          <TextField
            label={t('fields.name')}
            name="name"
            autoComplete="off"
            value={name}
            onValueChange={setName}
            error={errors.errorFor('name')}
          />
          <TextField
            label={t('fields.initialPassword')}
            type="password"
            name="password"
            autoComplete="new-password"
            value={password}
            onValueChange={setPassword}
            hint={t('members.initialPasswordHint', { count: MIN_PASSWORD_LENGTH })}
            error={errors.errorFor('password')}
          />
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {t('members.addSubmit')}
        </button>
      </div>
    </form>
  );
};
