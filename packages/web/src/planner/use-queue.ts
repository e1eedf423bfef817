import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { QueueChange } from '../api/types';

/** How many empty slots the queue shows after (and between) its posts. */
export const FREE_SLOTS_SHOWN = 6;

/**
 * A channel's queue, its free slots and the operations on it. The events stream refreshes
 * both when one of the channel's deliveries changes (see live/use-workspace-events.ts).
 */
export const useQueue = (workspaceId: string, channelId: string) => {
  const api = useApi();
  const queryClient = useQueryClient();
  const enabled = channelId !== '';
  const queue = useQuery({
    queryKey: queryKeys.queue(workspaceId, channelId),
    queryFn: () => api.channelQueue(workspaceId, channelId),
    enabled,
  });
  const free = useQuery({
    queryKey: queryKeys.freeSlots(workspaceId, channelId),
    queryFn: () => api.freeQueueSlots(workspaceId, channelId, FREE_SLOTS_SHOWN),
    enabled,
  });
  const change = useMutation({
    mutationFn: (change: QueueChange) => api.changeQueue(workspaceId, channelId, change),
    onSuccess: async (view) => {
      queryClient.setQueryData(queryKeys.queue(workspaceId, channelId), view);
      await queryClient.invalidateQueries({ queryKey: queryKeys.freeSlots(workspaceId, channelId) });
      // The posts' times changed: the calendar fetches them again when shown.
      await queryClient.invalidateQueries({
        queryKey: queryKeys.plannerPosts(workspaceId),
        refetchType: 'none',
      });
    },
  });
  return { queue, free, change };
};
