import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../api/query-keys';
import type { Delivery } from '../api/types';
import { RefreshMetricsButton } from '../posts/refresh-metrics';

/**
 * How the audience took the first post. The background sync reads reactions every ten minutes,
 * too slow for a first five minutes: the button reads them now (the sandbox's audience reacts
 * within seconds, its simulated clock runs an hour a minute).
 */
export const AudienceReactions = (props: {
  workspaceId: string;
  postId: string;
  delivery: Delivery;
  channelName: string;
}) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const metrics = props.delivery.metrics;
  const counts = metrics
    ? [
        ...(metrics.impressions === null ? [] : [['impressions', metrics.impressions] as const]),
        ['likes', metrics.likes] as const,
        ['comments', metrics.comments] as const,
        ['shares', metrics.shares] as const,
      ]
    : [];
  return (
    <div className="onboarding-reactions">
      {metrics ? (
        <>
          <p>{t('onboarding.reactionsTitle', { channel: props.channelName })}</p>
          <dl className="onboarding-metrics">
            {counts.map(([name, count]) => (
              <div key={name}>
                <dt>{t(`post.metrics.${name}`)}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="muted">{t('onboarding.reactionsNotYet')}</p>
      )}
      <RefreshMetricsButton
        workspaceId={props.workspaceId}
        postId={props.postId}
        label={t(metrics ? 'onboarding.refreshReactions' : 'onboarding.readReactions')}
        actionsClassName="onboarding-actions"
        onRead={() => queryClient.invalidateQueries({ queryKey: queryKeys.onboarding(props.workspaceId) })}
      />
    </div>
  );
};
