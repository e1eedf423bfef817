import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel } from '../api/types';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError, required, useFormErrors } from '../ui/form-errors';
import { TimeZoneField } from '../ui/time-zone-field';
import { SlotsField, sameSlots, slotsOf } from './slots-field';

const FIELDS = ['name', 'timeZone', 'slots'] as const;

/** Rename a channel and choose the zone its schedules follow. */
export const ChannelEditForm = (props: {
  workspaceId: string;
  channel: Channel;
  onSaved: (channel: Channel) => void;
  onCancel: () => void;
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const rootRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(props.channel.name);
  const [timeZone, setTimeZone] = useState(props.channel.timeZone);
  const [slots, setSlots] = useState(() => slotsOf(props.channel));
  const slotsChanged = !sameSlots(slots, slotsOf(props.channel));
  const save = useMutation({
    mutationFn: () =>
      api.updateChannel(props.workspaceId, props.channel.id, {
        name: name.trim(),
        timeZone,
        ...(slotsChanged ? { slots } : {}),
      }),
    onSuccess: async (channel) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.channels(props.workspaceId) });
      props.onSaved(channel);
    },
  });
  const errors = useFormErrors(FIELDS, save.error);
  const changed = name.trim() !== props.channel.name || timeZone !== props.channel.timeZone || slotsChanged;

  useEffect(() => {
    rootRef.current?.querySelector('input')?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = required(t, { name });
    errors.setClientErrors(missing);
    if (Object.keys(missing).length === 0) save.mutate();
  };

  return (
    <form ref={rootRef} onSubmit={submit} noValidate className="form channel-edit">
      <FormAlert
        message={save.isError ? describeError(t, save.error) : null}
        details={errors.unplacedDetails}
      />
      <div className="form-row">
        <TextField
          label={t('channels.nameLabel')}
          name="name"
          autoComplete="off"
          value={name}
          onValueChange={setName}
          error={errors.errorFor('name')}
        />
        <TimeZoneField
          value={timeZone}
          onValueChange={setTimeZone}
          hint={t('channels.zoneHint')}
          error={errors.errorFor('timeZone')}
        />
      </div>
      <SlotsField slots={slots} onChange={setSlots} error={errors.errorFor('slots')} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending || !changed}>
          {t('common.saveChanges')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
};
