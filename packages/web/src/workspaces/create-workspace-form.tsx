import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import { navigate, paths } from '../routing/router';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, required, useFormErrors } from '../ui/form-errors';
import { browserTimeZone, TimeZoneField } from '../ui/time-zone-field';

const FIELDS = ['name', 'timeZone'] as const;

/** Anyone may create a workspace; they become its owner and land in it. */
export const CreateWorkspaceForm = () => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const create = useMutation({
    mutationFn: () => api.createWorkspace({ name: name.trim(), timeZone }),
    onSuccess: async (workspace) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      setName('');
      navigate(paths.home(workspace.id));
    },
  });
  const errors = useFormErrors(FIELDS, create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = required(t, { name });
    errors.setClientErrors(missing);
    if (Object.keys(missing).length === 0) create.mutate();
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert
        message={create.isError ? describeError(t, create.error) : null}
        details={errors.unplacedDetails}
      />
      <div className="form-row">
        <TextField
          label={t('fields.newWorkspaceName')}
          name="name"
          value={name}
          onValueChange={setName}
          error={errors.errorFor('name')}
        />
        <TimeZoneField value={timeZone} onValueChange={setTimeZone} error={errors.errorFor('timeZone')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-secondary" disabled={create.isPending}>
          {t('workspaceSettings.createSubmit')}
        </button>
      </div>
    </form>
  );
};
