import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import type { ApiClient } from '../api/client';
import { queryKeys } from '../api/query-keys';
import type { Notice, Page } from '../api/types';

/** How often an open tab asks for new notices (a channel the housekeeping found broken). */
const POLL_MS = 60_000;

export const NEEDS_RECONNECT = 'channel.needs_reconnect';

export const useUnreadNotices = (workspaceId: string) => {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.notices(workspaceId),
    queryFn: () => api.listUnreadNotices(workspaceId),
    refetchInterval: POLL_MS,
  });
};

export const useMarkNoticesRead = (workspaceId: string) => {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api.markNoticesRead(workspaceId, ids),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.notices(workspaceId) }),
  });
};

/**
 * Once a channel is reconnected or disconnected, its notices have been dealt with: mark the
 * unread ones read so the bell does not keep asking. A failure here changes nothing else.
 */
export const settleChannelNotices = async (
  api: ApiClient,
  queryClient: QueryClient,
  workspaceId: string,
  channelId: string,
) => {
  const unread = queryClient.getQueryData<Page<Notice>>(queryKeys.notices(workspaceId));
  const ids = (unread?.items ?? []).filter((notice) => notice.channelId === channelId).map(({ id }) => id);
  if (ids.length > 0) await api.markNoticesRead(workspaceId, ids).catch(() => undefined);
  await queryClient.invalidateQueries({ queryKey: queryKeys.notices(workspaceId) });
};
