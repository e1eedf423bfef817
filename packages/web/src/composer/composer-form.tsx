import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, MediaAsset, Network, PostWithDeliveries, WorkspaceWithRole } from '../api/types';
import { atLeast } from '../members/roles';
import { Link, paths } from '../routing/router';
import { localDateTime } from '../time/zoned';
import { TextField } from '../ui/field';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { ChannelPicker } from './channel-picker';
import { placeErrors } from './composer-errors';
import {
  type ComposerDraft,
  commentFor,
  emptyDraft,
  evergreenFits,
  evergreenOf,
  selectedChannels,
  textFor,
} from './composer-state';
import { EvergreenField } from './evergreen-field';
import { commentlessChannels, takesFirstComment } from './first-comment-field';
import { MediaPicker } from './media-picker';
import { draftFromPost, type EditBaseline, scheduleStep } from './post-draft';
import { PostPreview } from './post-preview';
import { recurrenceProblem } from './recurrence-draft';
import { SchedulePicker } from './schedule-picker';
import { TextTabs } from './text-tabs';
import { useSavePost } from './use-save-post';
import { useUnsavedChanges } from './use-unsaved-changes';

const inAnHour = (zone: string) => localDateTime(Date.now() + 3_600_000, zone).slice(0, 14) + '00';

/** The post being edited, with its media files; absent for a new post. */
export interface EditTarget {
  post: PostWithDeliveries;
  assets: MediaAsset[];
}

const initialState = (
  workspace: WorkspaceWithRole,
  edit: EditTarget | undefined,
  channelIds: string[] = [],
) => {
  const fallback = { zone: workspace.timeZone, at: inAnHour(workspace.timeZone) };
  if (!edit) return { draft: { ...emptyDraft(fallback.zone, fallback.at), channelIds }, baseline: undefined };
  return draftFromPost(edit.post, edit.assets, fallback);
};

/** One text for every chosen channel, a different one where needed, and when to publish it. */
export const ComposerForm = (props: {
  workspace: WorkspaceWithRole;
  channels: Channel[];
  networks: readonly Network[] | undefined;
  edit?: EditTarget;
  /** A new post starts with these channels chosen. */
  initialChannelIds?: string[];
}) => {
  const { t } = useTranslation();
  const { workspace } = props;
  const [initial] = useState<{ draft: ComposerDraft; baseline: EditBaseline | undefined }>(() =>
    initialState(workspace, props.edit, props.initialChannelIds),
  );
  const { baseline } = initial;
  const [draft, setDraft] = useState<ComposerDraft>(initial.draft);
  const [tab, setTab] = useState('common');
  const [channelError, setChannelError] = useState<string | undefined>();
  const [evergreenError, setEvergreenError] = useState<string | undefined>();
  const change = (patch: Partial<ComposerDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const reviewed = !atLeast(workspace.role, 'editor');
  const chosen = selectedChannels(draft, props.channels);
  const { mutation: submit } = useSavePost(workspace.id, baseline);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(initial.draft), [draft, initial]);
  useUnsavedChanges(dirty && !submit.isPending && !submit.isSuccess, t('composer.leaveConfirm'));

  const errors = placeErrors(submit.error);
  const errorsOf = (field: string) =>
    errors.filter((error) => error.field === field).map((error) => error.message);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const noChannel = draft.channelIds.length === 0;
    const problem =
      draft.when === 'recurring' ? recurrenceProblem(draft.recurrence, draft.zone, Date.now()) : null;
    setChannelError(noChannel ? t('composer.chooseChannel') : undefined);
    // The recurrence fields already say what is wrong with the rule, live: nothing to add here.
    const evergreen = evergreenOf(draft);
    const badEvergreen = evergreen !== null && !evergreenFits(evergreen);
    setEvergreenError(badEvergreen ? t('composer.evergreen.invalid') : undefined);
    if (noChannel || problem || badEvergreen) return;
    submit.mutate({ draft, commentless: commentlessChannels(props.networks, chosen) });
  };

  const onChannels = (ids: string[]) => {
    setChannelError(undefined);
    if (!ids.includes(tab)) setTab('common');
    change({ channelIds: props.channels.filter((c) => ids.includes(c.id)).map((c) => c.id) });
  };
  const overrideOf =
    (key: 'overrides' | 'commentOverrides') => (channelId: string, text: string | undefined) =>
      setDraft((current) => {
        const overrides = { ...current[key] };
        if (text === undefined) delete overrides[channelId];
        else overrides[channelId] = text;
        return { ...current, [key]: overrides };
      });

  const submitLabel = (): string => {
    if (!baseline) {
      if (draft.when === 'draft') return t('composer.submit.draft');
      return reviewed ? t('composer.submit.approval') : t(`composer.submit.${draft.when}`);
    }
    const step = scheduleStep(baseline, draft);
    if (step.kind === 'keep') return t('composer.save.keep');
    if (step.kind === 'unschedule') return t('composer.save.unschedule');
    return reviewed ? t('composer.save.approval') : t(`composer.save.${step.schedule.kind}`);
  };

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
          error={channelError ?? errorsOf('channels')[0]}
        />
        <TextTabs
          draft={draft}
          channels={chosen}
          networks={props.networks}
          tab={tab}
          onTab={setTab}
          onText={(text) => change({ text })}
          onOverride={overrideOf('overrides')}
          onComment={(firstComment) => change({ firstComment })}
          onCommentOverride={overrideOf('commentOverrides')}
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
        <EvergreenField
          draft={draft}
          onChange={(evergreen) => change({ evergreen })}
          error={evergreenError ?? errorsOf('evergreen')[0]}
        />
        {reviewed && draft.when !== 'draft' ? <p className="notice">{t('composer.approvalNote')}</p> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.isPending}>
            {submitLabel()}
          </button>
          {baseline ? (
            <Link href={paths.post(workspace.id, baseline.postId)} className="btn btn-secondary">
              {t('composer.edit.cancel')}
            </Link>
          ) : null}
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
            comment={takesFirstComment(props.networks, channel) ? commentFor(draft, channel.id) : ''}
          />
        ))}
      </section>
    </form>
  );
};
