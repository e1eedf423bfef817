import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { ConnectChannelInput } from '../api/types';
import { settleChannelNotices } from '../notices/use-notices';

/**
 * Connects (or reconnects: the same account again refreshes its credentials) a network that
 * logs in with a form or not at all. The server asks the network first and saves nothing on a no.
 */
export const useConnectChannel = (workspaceId: string) => {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ConnectChannelInput) => api.connectChannel(workspaceId, input),
    onSuccess: async (channel) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.channels(workspaceId) });
      await settleChannelNotices(api, queryClient, workspaceId, channel.id);
    },
  });
};

/** OAuth networks: the browser leaves for the network's consent page and comes back to Channels. */
export const useStartOAuth = (workspaceId: string) => {
  const api = useApi();
  return useMutation({
    mutationFn: (network: string) => api.startOAuth(workspaceId, network),
    onSuccess: ({ authorizationUrl }) => window.location.assign(authorizationUrl),
  });
};
