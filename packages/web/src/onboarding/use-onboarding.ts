import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useApi } from '../api/api-context';
import { queryKeys } from '../api/query-keys';
import type { WorkspaceWithRole } from '../api/types';
import { useGuideMemory } from './guide-memory';
import {
  type GuideView,
  guideView,
  type OnboardingProgress,
  onboardingProgress,
} from './onboarding-progress';

/**
 * The newest posts are enough to tell whether one was scheduled or published; a workspace with
 * more than this many drafts and nothing sent is not new to Araldo any more.
 */
const RECENT_POSTS = 50;

export interface Onboarding {
  view: GuideView;
  progress: OnboardingProgress | undefined;
  dismiss: () => void;
  finish: () => void;
}

/**
 * The first-steps guide's state for a workspace, from the server: its channels and newest posts.
 * The events stream invalidates the posts (live/use-workspace-events.ts), so a post going out
 * ticks the last step without a reload. Nothing is fetched once the guide is dismissed or done.
 */
export const useOnboarding = (workspace: WorkspaceWithRole): Onboarding => {
  const api = useApi();
  const [memory, remember] = useGuideMemory(workspace.id);
  // Whether the guide could show at all, before anything is fetched for it.
  const asked = guideView(workspace.role, memory, undefined) === 'loading';
  const channels = useQuery({
    queryKey: queryKeys.channels(workspace.id),
    queryFn: () => api.listChannels(workspace.id),
    enabled: asked,
  });
  const posts = useQuery({
    queryKey: queryKeys.onboarding(workspace.id),
    queryFn: async () => (await api.listPosts(workspace.id, { limit: RECENT_POSTS })).items,
    enabled: asked,
  });
  const progress =
    channels.data && posts.data ? onboardingProgress(channels.data.items, posts.data) : undefined;
  // The guide is a help, not the page: if its data cannot be read, it stays out of the way.
  const view = channels.isError || posts.isError ? 'hidden' : guideView(workspace.role, memory, progress);
  const complete = progress?.complete ?? false;

  useEffect(() => {
    if (view === 'guide' && memory === null) remember('seen');
    // Complete before anyone saw the guide: an established workspace, never worth asking again.
    if (view === 'hidden' && complete && memory === null) remember('finished');
  }, [view, complete, memory, remember]);

  return {
    view,
    progress,
    dismiss: () => remember('dismissed'),
    finish: () => remember('finished'),
  };
};
