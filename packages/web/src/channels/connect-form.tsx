import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Network } from '../api/types';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, required, useFormErrors } from '../ui/form-errors';
import { credentialFields } from './networks';
import { useConnectChannel } from './use-connect';

/**
 * The form login of a network (Bluesky's app password, Mastodon's access token), built from the
 * fields the server lists. Reconnecting starts from the channel's server and handle.
 */
export const ConnectForm = (props: {
  workspaceId: string;
  network: Network;
  reconnecting?: Channel;
  onConnected: (channel: Channel) => void;
  onCancel: () => void;
}) => {
  const { t } = useTranslation();
  const fields = credentialFields(t, props.network, props.reconnecting);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.key, field.initial])),
  );
  const connect = useConnectChannel(props.workspaceId);
  const errors = useFormErrors(
    fields.map((field) => field.key),
    connect.error,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = required(t, values);
    errors.setClientErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const input = Object.fromEntries(fields.map((field) => [field.key, (values[field.key] ?? '').trim()]));
    connect.mutate({ network: props.network.id, ...input }, { onSuccess: props.onConnected });
  };

  return (
    <form onSubmit={submit} noValidate className="form">
      <FormAlert
        message={connect.isError ? describeError(t, connect.error) : null}
        details={errors.unplacedDetails}
      />
      <div className="form-row">
        {fields.map((field) => (
          <TextField
            key={field.key}
            label={field.label}
            name={field.key}
            type={field.secret ? 'password' : field.key === 'server' ? 'url' : 'text'}
            autoComplete={field.secret ? 'new-password' : 'off'}
            spellCheck={false}
            value={values[field.key] ?? ''}
            onValueChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))}
            hint={field.hint}
            error={errors.errorFor(field.key)}
          />
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={connect.isPending}>
          {connect.isPending
            ? t('connect.submitting', { network: props.network.name })
            : props.reconnecting
              ? t('connect.submitReconnect')
              : t('connect.submit')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
};
