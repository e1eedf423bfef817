import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { WorkspaceWithRole } from '../api/types';
import { canUpdateWorkspace } from '../members/roles';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, required, useFormErrors } from '../ui/form-errors';
import { Card, PageHeader } from '../ui/page';
import { TimeZoneField } from '../ui/time-zone-field';
import { CreateWorkspaceForm } from './create-workspace-form';

export const WorkspaceSettingsPage = ({ workspace }: { workspace: WorkspaceWithRole }) => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('workspaceSettings.title')} description={t('workspaceSettings.lead')} />
      {/* Keyed by id so switching workspace starts from that workspace's values. */}
      <GeneralSettings key={workspace.id} workspace={workspace} />
      <Card title={t('workspaceSettings.createTitle')} description={t('workspaceSettings.createLead')}>
        <CreateWorkspaceForm />
      </Card>
    </>
  );
};

const FIELDS = ['name', 'timeZone'] as const;

const GeneralSettings = ({ workspace }: { workspace: WorkspaceWithRole }) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState(workspace.name);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const editable = canUpdateWorkspace(workspace.role);
  const save = useMutation({
    mutationFn: () => api.updateWorkspace(workspace.id, { name: name.trim(), timeZone }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me }),
  });
  const errors = useFormErrors(FIELDS, save.error);
  const changed = name.trim() !== workspace.name || timeZone !== workspace.timeZone;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = required(t, { name });
    errors.setClientErrors(missing);
    if (Object.keys(missing).length === 0) save.mutate();
  };

  return (
    <Card title={t('workspaceSettings.generalTitle')}>
      {!editable ? <p className="notice">{t('workspaceSettings.readOnly')}</p> : null}
      <form onSubmit={submit} noValidate className="form">
        <FormAlert
          message={save.isError ? describeError(t, save.error) : null}
          details={errors.unplacedDetails}
        />
        <div className="form-row">
          <TextField
            label={t('fields.workspaceName')}
            name="name"
            value={name}
            onValueChange={(value) => {
              setName(value);
              save.reset();
            }}
            disabled={!editable}
            error={errors.errorFor('name')}
          />
          <TimeZoneField
            value={timeZone}
            onValueChange={(value) => {
              setTimeZone(value);
              save.reset();
            }}
            disabled={!editable}
            error={errors.errorFor('timeZone')}
          />
        </div>
        {editable ? (
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={save.isPending || !changed}>
              {t('common.saveChanges')}
            </button>
            <span className="status-text" role="status">
              {save.isSuccess ? t('workspaceSettings.saved') : ''}
            </span>
          </div>
        ) : null}
      </form>
    </Card>
  );
};
