import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { PostWithDeliveries } from '../api/types';
import { navigate, paths } from '../routing/router';
import { type ComposerDraft, toPostInput, toPostPatch } from './composer-state';
import { type EditBaseline, scheduleStep } from './post-draft';

/**
 * Sends the composer in one request: a new post (created and scheduled together), or an edit
 * with its new schedule (PATCH with `schedule`, or `schedule: null` to withdraw it), which the
 * server saves in one transaction: an edit is never half saved.
 */
export const useSavePost = (workspaceId: string, baseline: EditBaseline | undefined) => {
  const api = useApi();
  const queryClient = useQueryClient();

  const remember = async (post: PostWithDeliveries) => {
    queryClient.setQueryData(queryKeys.post(workspaceId, post.id), post);
    await queryClient.invalidateQueries({ queryKey: queryKeys.posts(workspaceId) });
  };

  const save = async (draft: ComposerDraft, commentless: ReadonlySet<string>) => {
    if (!baseline) return api.createPost(workspaceId, toPostInput(draft, commentless));
    const step = scheduleStep(baseline, draft);
    return api.updatePost(workspaceId, baseline.postId, {
      ...toPostPatch(draft, commentless),
      ...(step.kind === 'unschedule' ? { schedule: null } : {}),
      ...(step.kind === 'schedule' ? { schedule: step.schedule } : {}),
    });
  };

  const mutation = useMutation({
    mutationFn: ({ draft, commentless }: { draft: ComposerDraft; commentless: ReadonlySet<string> }) =>
      save(draft, commentless),
    onSuccess: async (post) => {
      await remember(post);
      navigate(paths.post(workspaceId, post.id));
    },
  });
  return { mutation };
};
