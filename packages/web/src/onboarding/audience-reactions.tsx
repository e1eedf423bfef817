import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Delivery } from '../api/types';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';

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
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = useMutation({
    mutationFn: () => api.refreshPostMetrics(props.workspaceId, props.postId),
    onSuccess: async ({ post }) => {
      queryClient.setQueryData(queryKeys.post(props.workspaceId, props.postId), post);
      await queryClient.invalidateQueries({ queryKey: queryKeys.onboarding(props.workspaceId) });
    },
  });
  const metrics = props.delivery.metrics;
  const counts = metrics
    ? [
        ...(metrics.impressions === null ? [] : [['views', metrics.impressions] as const]),
        ['likes', metrics.likes] as const,
        ['replies', metrics.comments] as const,
        ['reposts', metrics.shares] as const,
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
                <dt>{t(`onboarding.metrics.${name}`)}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="muted">{t('onboarding.reactionsNotYet')}</p>
      )}
      <FormAlert message={refresh.isError ? describeError(t, refresh.error) : null} />
      <div className="onboarding-actions">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={refresh.isPending}
          onClick={() => refresh.mutate()}
        >
          {t(metrics ? 'onboarding.refreshReactions' : 'onboarding.readReactions')}
        </button>
      </div>
    </div>
  );
};
