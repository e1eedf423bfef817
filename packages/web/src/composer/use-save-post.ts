import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { PostWithDeliveries } from '../api/types';
import { navigate, paths } from '../routing/router';
import { type ComposerDraft, toPostInput, toPostPatch } from './composer-state';
import { type EditBaseline, scheduleStep } from './post-draft';

/**
 * Sends the composer: a new post in one request (created and scheduled together), or an edit
 * as PATCH and then, when the schedule changed, the schedule or unschedule action. Those are
 * two requests: when the second fails the edit is saved and `editSaved` says so. A recurring
 * post turned evergreen gets its evergreen rule last, once it no longer recurs (the server
 * refuses both at once).
 */
export const useSavePost = (workspaceId: string, baseline: EditBaseline | undefined) => {
  const api = useApi();
  const queryClient = useQueryClient();
  const [editSaved, setEditSaved] = useState(false);

  const remember = async (post: PostWithDeliveries) => {
    queryClient.setQueryData(queryKeys.post(workspaceId, post.id), post);
    await queryClient.invalidateQueries({ queryKey: queryKeys.posts(workspaceId) });
  };

  const save = async (draft: ComposerDraft, commentless: ReadonlySet<string>) => {
    if (!baseline) return api.createPost(workspaceId, toPostInput(draft, commentless));
    setEditSaved(false);
    const patch = toPostPatch(draft, commentless);
    const evergreenLast = baseline.schedule?.kind === 'recurring' ? patch.evergreen : null;
    const edited = await api.updatePost(
      workspaceId,
      baseline.postId,
      evergreenLast ? { ...patch, evergreen: null } : patch,
    );
    await remember(edited);
    setEditSaved(true);
    const step = scheduleStep(baseline, draft);
    let saved = edited;
    if (step.kind === 'unschedule') saved = await api.unschedulePost(workspaceId, baseline.postId);
    if (step.kind === 'schedule') saved = await api.schedulePost(workspaceId, baseline.postId, step.schedule);
    if (evergreenLast)
      saved = await api.updatePost(workspaceId, baseline.postId, { evergreen: evergreenLast });
    return saved;
  };

  const mutation = useMutation({
    mutationFn: ({ draft, commentless }: { draft: ComposerDraft; commentless: ReadonlySet<string> }) =>
      save(draft, commentless),
    onSuccess: async (post) => {
      await remember(post);
      navigate(paths.post(workspaceId, post.id));
    },
  });
  return { mutation, editSaved: mutation.isError && editSaved };
};
