import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, WorkspaceWithRole } from '../api/types';
import { useNetworks } from '../channels/networks';
import { isPublished } from '../posts/edit-action';
import { Link, paths } from '../routing/router';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Card, Loading, PageHeader } from '../ui/page';
import { ComposerForm } from './composer-form';
import { inFlightChannels } from './post-draft';
import './composer.css';

/** The composer loaded with an existing post or draft (/w/:ws/posts/:id/edit). */
export const PostEditPage = ({ workspace, postId }: { workspace: WorkspaceWithRole; postId: string }) => {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const networks = useNetworks();
  const post = useQuery({
    queryKey: queryKeys.post(workspace.id, postId),
    queryFn: () => api.getPost(workspace.id, postId),
  });
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const mediaIds = post.data?.media ?? [];
  const assets = useQuery({
    queryKey: [...queryKeys.post(workspace.id, postId), 'media', mediaIds],
    queryFn: () => Promise.all(mediaIds.map((id) => api.getMedia(workspace.id, id))),
    enabled: post.isSuccess,
    staleTime: Number.POSITIVE_INFINITY,
    // Once the form is open it stays open while the post is refetched (live updates, a save).
    placeholderData: keepPreviousData,
  });
  const back = <Link href={paths.post(workspace.id, postId)}>{t('composer.edit.backToPost')}</Link>;
  const header = <PageHeader title={t('composer.edit.title')} description={back} />;
  const failure = post.error ?? channels.error ?? assets.error;

  if (failure)
    return (
      <>
        {header}
        <FormAlert message={describeError(t, failure)} />
      </>
    );
  if (!post.data || !channels.data || !assets.data)
    return (
      <>
        {header}
        <Loading label={t('common.loading')} />
      </>
    );
  if (workspace.role === 'viewer')
    return (
      <>
        {header}
        <p className="notice">{t('composer.readOnly')}</p>
      </>
    );
  if (isPublished(post.data))
    return (
      <>
        {header}
        <Card title={t('composer.edit.publishedTitle')}>
          <p>{t('composer.edit.publishedBody')}</p>
        </Card>
      </>
    );

  const inPost = new Set(post.data.variants.map((variant) => variant.channelId));
  // A channel disabled since stays listed for the post that has it, so saving does not drop it.
  const usable = channels.data.items.filter(
    (channel) => channel.status !== 'disabled' || inPost.has(channel.id),
  );
  const byId = new Map<string, Channel>(channels.data.items.map((channel) => [channel.id, channel]));
  const inFlight = inFlightChannels(post.data).map((id) => byId.get(id)?.name ?? t('planner.removedChannel'));
  return (
    <>
      {header}
      {inFlight.length > 0 ? (
        <p className="alert alert-warning">
          {t('composer.edit.inFlight', {
            count: inFlight.length,
            channels: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(inFlight),
          })}
        </p>
      ) : null}
      <ComposerForm
        key={postId}
        workspace={workspace}
        channels={usable}
        networks={networks.data?.items}
        edit={{ post: post.data, assets: assets.data }}
      />
    </>
  );
};
