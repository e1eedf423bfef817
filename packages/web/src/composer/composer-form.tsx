import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, Network, WorkspaceWithRole } from '../api/types';
import { atLeast } from '../members/roles';
import { navigate, paths } from '../routing/router';
import { localDateTime } from '../time/zoned';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { ChannelPicker } from './channel-picker';
import { placeErrors } from './composer-errors';
import { type ComposerDraft, emptyDraft, selectedChannels, textFor, toPostInput } from './composer-state';
import { MediaPicker } from './media-picker';
import { PostPreview } from './post-preview';
import { SchedulePicker } from './schedule-picker';
import { TextTabs } from './text-tabs';

const inAnHour = (zone: string) => localDateTime(Date.now() + 3_600_000, zone).slice(0, 14) + '00';

/** One text for every chosen channel, a different one where needed, and when to publish it. */
export const ComposerForm = (props: {
  workspace: WorkspaceWithRole;
  channels: Channel[];
  networks: readonly Network[] | undefined;
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const { workspace } = props;
  const [draft, setDraft] = useState<ComposerDraft>(() =>
    emptyDraft(workspace.timeZone, inAnHour(workspace.timeZone)),
  );
  const [tab, setTab] = useState('common');
  const [clientError, setClientError] = useState<string | undefined>();
  const change = (patch: Partial<ComposerDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const reviewed = !atLeast(workspace.role, 'editor');
  const chosen = selectedChannels(draft, props.channels);

  const submit = useMutation({
    mutationFn: () => api.createPost(workspace.id, toPostInput(draft)),
    onSuccess: async (post) => {
      queryClient.setQueryData(queryKeys.post(workspace.id, post.id), post);
      await queryClient.invalidateQueries({ queryKey: queryKeys.posts(workspace.id) });
      navigate(paths.post(workspace.id, post.id));
    },
  });
  const errors = placeErrors(submit.error);
  const errorsOf = (field: string) =>
    errors.filter((error) => error.field === field).map((error) => error.message);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.channelIds.length === 0) {
      setClientError(t('composer.chooseChannel'));
      return;
    }
    setClientError(undefined);
    submit.mutate();
  };

  const onChannels = (ids: string[]) => {
    setClientError(undefined);
    if (!ids.includes(tab)) setTab('common');
    change({ channelIds: props.channels.filter((c) => ids.includes(c.id)).map((c) => c.id) });
  };
  const onOverride = (channelId: string, text: string | undefined) =>
    setDraft((current) => {
      const overrides = { ...current.overrides };
      if (text === undefined) delete overrides[channelId];
      else overrides[channelId] = text;
      return { ...current, overrides };
    });

  return (
    <form className="composer" onSubmit={onSubmit} noValidate>
      <div className="composer-main card">
        <FormAlert
          message={submit.isError ? describeError(t, submit.error) : null}
          details={errors.map(({ message }) => ({ path: '', message }))}
        />
        <ChannelPicker
          channels={props.channels}
          networks={props.networks}
          selected={draft.channelIds}
          onChange={onChannels}
          error={clientError ?? errorsOf('channels')[0]}
        />
        <TextTabs
          draft={draft}
          channels={chosen}
          networks={props.networks}
          tab={tab}
          onTab={setTab}
          onText={(text) => change({ text })}
          onOverride={onOverride}
          errors={errors}
        />
        <TextField
          label={t('composer.link')}
          hint={t('composer.linkHint')}
          type="url"
          inputMode="url"
          value={draft.link}
          onValueChange={(link) => change({ link })}
          error={errorsOf('link')[0]}
        />
        <MediaPicker
          workspaceId={workspace.id}
          media={draft.media}
          channels={chosen}
          networks={props.networks}
          onChange={(media) => change({ media })}
          errors={errorsOf('media')}
        />
        <SchedulePicker draft={draft} onChange={change} error={errorsOf('schedule')[0]} />
        {reviewed && draft.when !== 'draft' ? <p className="notice">{t('composer.approvalNote')}</p> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.isPending}>
            {draft.when === 'draft'
              ? t('composer.submit.draft')
              : reviewed
                ? t('composer.submit.approval')
                : t(`composer.submit.${draft.when}`)}
          </button>
        </div>
      </div>
      <section className="composer-previews" aria-label={t('composer.previews')}>
        <h2 className="composer-section-title">{t('composer.previews')}</h2>
        {chosen.length === 0 ? <p className="muted">{t('composer.previewNone')}</p> : null}
        {chosen.map((channel) => (
          <PostPreview
            key={channel.id}
            workspaceId={workspace.id}
            channel={channel}
            networks={props.networks}
            text={textFor(draft, channel.id)}
            link={draft.link}
            media={draft.media}
          />
        ))}
      </section>
    </form>
  );
};
