import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { MetricsRefresh } from '../api/types';
import { FormAlert } from '../ui/form-alert';
import { describeError } from '../ui/form-errors';

/**
 * Reads a post's reactions from each network now instead of at the next background sync, and
 * puts the post with its new numbers where every view of it reads from.
 */
export const RefreshMetricsButton = (props: {
  workspaceId: string;
  postId: string;
  label: string;
  actionsClassName: string;
  onRead?: (result: MetricsRefresh) => void | Promise<void>;
}) => {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = useMutation({
    mutationFn: () => api.refreshPostMetrics(props.workspaceId, props.postId),
    onSuccess: async (result) => {
      queryClient.setQueryData(queryKeys.post(props.workspaceId, props.postId), result.post);
      await props.onRead?.(result);
    },
  });
  return (
    <>
      <FormAlert message={refresh.isError ? describeError(t, refresh.error) : null} />
      <div className={props.actionsClassName}>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={refresh.isPending}
          onClick={() => refresh.mutate()}
        >
          {props.label}
        </button>
      </div>
    </>
  );
};
