import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { Me } from '../api/types';
import { navigate, paths } from '../routing/router';

/** The signed-in person and their workspaces; `null` when nobody is signed in. */
export const useMe = () => {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.me, queryFn: api.me, staleTime: 60_000 });
};

export const useSignIn = () => {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => api.login(email, password),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
};

export const useSignOut = () => {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.logout(),
    onSuccess: () => {
      // Nothing of the previous person may stay in memory for the next one.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.setup[0] });
      queryClient.setQueryData<Me | null>(queryKeys.me, null);
      navigate(paths.signIn());
    },
  });
};
