import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Channel, PostWithDeliveries, WorkspaceWithRole } from '../api/types';
import { useFormatInZone } from '../i18n/format-date';
import { atLeast } from '../members/roles';
import { excerpt } from '../posts/delivery-badge';
import { Link, paths } from '../routing/router';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';
import { Card, Loading, PageHeader } from '../ui/page';

/** Posts contributors sent for approval; editors and above approve or send them back. */
export const ApprovalsPage = ({ workspace }: { workspace: WorkspaceWithRole }) => {
  const { t } = useTranslation();
  const api = useApi();
  const [announcement, setAnnouncement] = useState('');
  const waiting = useQuery({
    queryKey: queryKeys.approvals(workspace.id),
    queryFn: () => api.listPosts(workspace.id, { status: 'awaiting_approval' }),
  });
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
  });
  const members = useQuery({
    queryKey: queryKeys.members(workspace.id),
    queryFn: () => api.listMembers(workspace.id),
  });
  const review = atLeast(workspace.role, 'editor');
  const items = waiting.data?.items ?? [];
  const authorName = (id: string) => members.data?.items.find((member) => member.userId === id)?.name ?? '';
  const byId = new Map<string, Channel>((channels.data?.items ?? []).map((channel) => [channel.id, channel]));
  return (
    <>
      <PageHeader title={t('approvals.title')} description={t('approvals.lead')} />
      {review ? null : <p className="notice">{t('approvals.readOnly')}</p>}
      <p className="status-text" role="status">
        {announcement}
      </p>
      <Card title={t('approvals.listTitle')}>
        {waiting.isPending ? <Loading label={t('common.loading')} /> : null}
        {waiting.isError ? <FormAlert message={describeError(t, waiting.error)} /> : null}
        {waiting.isSuccess && items.length === 0 ? <p className="muted">{t('approvals.none')}</p> : null}
        {items.length > 0 ? (
          <ul className="approval-list">
            {items.map((post) => (
              <ApprovalItem
                key={post.id}
                workspace={workspace}
                post={post}
                author={authorName(post.authorId)}
                channels={post.variants
                  .map((variant) => byId.get(variant.channelId)?.name ?? '')
                  .filter(Boolean)}
                review={review}
                onDone={setAnnouncement}
              />
            ))}
          </ul>
        ) : null}
      </Card>
    </>
  );
};

const ApprovalItem = (props: {
  workspace: WorkspaceWithRole;
  post: PostWithDeliveries;
  author: string;
  channels: string[];
  review: boolean;
  onDone: (message: string) => void;
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const formatInZone = useFormatInZone(props.workspace.timeZone);
  const titleId = useId();
  const commentId = useId();
  const [comment, setComment] = useState('');
  const { post, workspace } = props;
  const name = excerpt(post.text, 50);
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') => api.reviewPost(workspace.id, post.id, decision, comment),
    onSuccess: async (updated, decision) => {
      queryClient.setQueryData(queryKeys.post(workspace.id, post.id), updated);
      await queryClient.invalidateQueries({ queryKey: queryKeys.posts(workspace.id) });
      props.onDone(t(decision === 'approve' ? 'approvals.approved' : 'approvals.rejected', { name }));
    },
  });
  const dueAt = post.deliveries.find((delivery) => delivery.dueAt)?.dueAt;
  return (
    <li className="approval-item">
      <article aria-labelledby={titleId}>
        <h3 className="approval-title" id={titleId}>
          <Link href={paths.post(workspace.id, post.id)}>{name || t('planner.noText')}</Link>
        </h3>
        <p className="muted">
          {[
            props.author ? t('approvals.by', { name: props.author }) : '',
            props.channels.join(', '),
            dueAt ? t('post.dueAt', { when: formatInZone(dueAt) }) : '',
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        <p className="post-text approval-text">{post.text}</p>
        {props.review ? (
          <div className="approval-actions">
            <div className="field">
              <label className="field-label" htmlFor={commentId}>
                {t('approvals.comment')}
              </label>
              <textarea
                id={commentId}
                className="input textarea"
                rows={2}
                value={comment}
                maxLength={2000}
                onChange={(event) => setComment(event.target.value)}
              />
            </div>
            <FormAlert message={decide.isError ? describeError(t, decide.error) : null} />
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-primary"
                aria-label={t('approvals.approveLabel', { name })}
                disabled={decide.isPending}
                onClick={() => decide.mutate('approve')}
              >
                {t('approvals.approve')}
              </button>
              <button
                type="button"
                className="btn btn-secondary"
                aria-label={t('approvals.rejectLabel', { name })}
                disabled={decide.isPending}
                onClick={() => decide.mutate('reject')}
              >
                {t('approvals.reject')}
              </button>
            </div>
          </div>
        ) : null}
      </article>
    </li>
  );
};
