import { useTranslation } from 'react-i18next';
import type { DeliveryState, PostWithDeliveries } from '../api/types';
import { Link, paths } from '../routing/router';

/** Deliveries still waiting to go out: they can be edited, moved or withdrawn. */
export const WAITING_STATES: readonly DeliveryState[] = [
  'scheduled',
  'retrying',
  'needs_reconnect',
  'held',
  'awaiting_approval',
];

/**
 * A published post is on the networks already: changing it here would change nothing there. A
 * recurring one is published between two occurrences, and its next ones can still change.
 */
export const isPublished = (post: PostWithDeliveries): boolean =>
  post.status === 'published' && post.schedule?.['kind'] !== 'recurring';

/** "Edit" opens the composer with the post; for a published post, why it cannot be edited. */
export const EditAction = ({ workspaceId, post }: { workspaceId: string; post: PostWithDeliveries }) => {
  const { t } = useTranslation();
  if (isPublished(post)) return <p className="muted">{t('post.editPublished')}</p>;
  return (
    <Link href={paths.editPost(workspaceId, post.id)} className="btn btn-secondary">
      {t('post.edit')}
    </Link>
  );
};
