import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, PostWithDeliveries, WorkspaceWithRole } from '../api/types';
import { networkName, useNetworks } from '../channels/networks';
import { useFormatInZone } from '../i18n/format-date';
import { Link, navigate, paths } from '../routing/router';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Card, Loading, PageHeader } from '../ui/page';
import { excerpt } from './delivery-badge';
import { DeliveryTable } from './delivery-table';
import { EditAction, WAITING_STATES } from './edit-action';
import { PostMetrics } from './post-metrics';

/** One post: what it says, where it goes, how each channel's delivery is doing, and what can be done. */
export const PostDetailPage = ({ workspace, postId }: { workspace: WorkspaceWithRole; postId: string }) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const formatInZone = useFormatInZone(workspace.timeZone);
  const networks = useNetworks();
  const [announcement, setAnnouncement] = useState('');
  const [deleting, setDeleting] = useState(false);
  const post = useQuery({
    queryKey: queryKeys.post(workspace.id, postId),
    queryFn: () => api.getPost(workspace.id, postId),
  });
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });

  const afterChange = async (updated: PostWithDeliveries, message: string) => {
    queryClient.setQueryData(queryKeys.post(workspace.id, postId), updated);
    setAnnouncement(message);
    await queryClient.invalidateQueries({ queryKey: queryKeys.plannerPosts(workspace.id) });
    await queryClient.invalidateQueries({ queryKey: queryKeys.approvals(workspace.id) });
  };
  const retry = useMutation({
    mutationFn: () => api.retryPost(workspace.id, postId),
    onSuccess: (updated) => afterChange(updated, t('post.retried')),
  });
  const unschedule = useMutation({
    mutationFn: () => api.unschedulePost(workspace.id, postId),
    onSuccess: (updated) => afterChange(updated, t('post.unscheduled')),
  });
  const remove = useMutation({
    mutationFn: () => api.deletePost(workspace.id, postId),
    onSuccess: async () => {
      setDeleting(false);
      queryClient.removeQueries({ queryKey: queryKeys.post(workspace.id, postId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.posts(workspace.id) });
      navigate(paths.planner(workspace.id));
    },
  });

  if (post.isPending) return <Loading label={t('common.loading')} />;
  if (post.isError)
    return (
      <>
        <PageHeader title={t('post.title')} />
        <FormAlert message={describeError(t, post.error)} />
        <Link href={paths.planner(workspace.id)}>{t('post.backToPlanner')}</Link>
      </>
    );

  const data = post.data;
  const byId = new Map<string, Channel>((channels.data?.items ?? []).map((channel) => [channel.id, channel]));
  const failed = data.deliveries.some((delivery) => delivery.state === 'failed');
  const held = data.deliveries.some((delivery) => delivery.state === 'held');
  const pending = data.deliveries.some((delivery) => WAITING_STATES.includes(delivery.state));
  const canAct = workspace.role !== 'viewer';
  const failure = retry.error ?? unschedule.error;
  return (
    <>
      <PageHeader
        title={t('post.title')}
        description={<Link href={paths.planner(workspace.id)}>{t('post.backToPlanner')}</Link>}
      />
      <p className="status-text" role="status">
        {announcement}
      </p>
      <FormAlert message={failure ? describeError(t, failure) : null} />
      <Card title={t('post.textTitle')}>
        <p className="post-text">{data.text || <span className="muted">{t('planner.noText')}</span>}</p>
        {data.link ? (
          <p className="post-link">
            <a href={data.link} rel="noreferrer noopener" target="_blank">
              {data.link}
            </a>
          </p>
        ) : null}
        {data.media.length > 0 ? (
          <ul className="preview-images post-media">
            {data.media.map((id) => (
              <li key={id}>
                <img src={api.mediaUrl(workspace.id, id)} alt="" />
              </li>
            ))}
          </ul>
        ) : null}
        {data.review?.comment ? (
          <p className="notice post-review">
            {t(data.review.approved ? 'post.approvedWith' : 'post.rejectedWith', {
              comment: data.review.comment,
            })}
          </p>
        ) : null}
        <p className="muted">{t('post.created', { when: formatInZone(data.createdAt) })}</p>
      </Card>
      <Card title={t('post.deliveriesTitle')}>
        <DeliveryTable
          post={data}
          channelName={(id) => byId.get(id)?.name ?? t('planner.removedChannel')}
          networkName={(id) => networkName(networks.data?.items, byId.get(id)?.network ?? '')}
          formatInstant={formatInZone}
        />
      </Card>
      <PostMetrics
        workspaceId={workspace.id}
        post={data}
        canRefresh={canAct}
        channelName={(id) => byId.get(id)?.name ?? t('planner.removedChannel')}
        formatInstant={formatInZone}
      />
      {canAct ? (
        <div className="form-actions">
          <EditAction workspaceId={workspace.id} post={data} />
          {failed || held ? (
            <button
              type="button"
              className="btn btn-primary"
              disabled={retry.isPending}
              onClick={() => retry.mutate()}
            >
              {t(failed ? 'post.retry' : 'post.publishHeld')}
            </button>
          ) : null}
          {pending ? (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={unschedule.isPending}
              onClick={() => unschedule.mutate()}
            >
              {t('post.unschedule')}
            </button>
          ) : null}
          <button
            type="button"
            className="btn btn-ghost-danger"
            onClick={() => {
              remove.reset();
              setDeleting(true);
            }}
          >
            {t('post.delete')}
          </button>
        </div>
      ) : null}
      <ConfirmDialog
        open={deleting}
        title={t('post.deleteTitle')}
        confirmLabel={t('post.delete')}
        busy={remove.isPending}
        error={remove.isError ? describeError(t, remove.error) : null}
        onCancel={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
      >
        <p>{t('post.deleteBody', { text: excerpt(data.text, 80) })}</p>
      </ConfirmDialog>
    </>
  );
};
