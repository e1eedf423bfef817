/** Every server-state cache key in one place, so invalidations cannot drift from the reads. */
export const queryKeys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  tokens: ['tokens'] as const,
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  channels: (workspaceId: string) => ['workspaces', workspaceId, 'channels'] as const,
  networks: ['networks'] as const,
  notices: (workspaceId: string) => ['workspaces', workspaceId, 'notices'] as const,
  /** Every post of the workspace; a prefix of the keys below. */
  posts: (workspaceId: string) => ['workspaces', workspaceId, 'posts'] as const,
  /** The planner's posts, one entry per range (and channel) shown; a prefix of `postsInRange`. */
  plannerPosts: (workspaceId: string) => ['workspaces', workspaceId, 'posts', 'planner'] as const,
  postsInRange: (workspaceId: string, range: { from: string; to: string; channelId: string }) =>
    ['workspaces', workspaceId, 'posts', 'planner', range.from, range.to, range.channelId] as const,
  /** A channel's queue; a prefix of its free slots. */
  queue: (workspaceId: string, channelId: string) => ['workspaces', workspaceId, 'queue', channelId] as const,
  freeSlots: (workspaceId: string, channelId: string) =>
    ['workspaces', workspaceId, 'queue', channelId, 'free-slots'] as const,
  approvals: (workspaceId: string) => ['workspaces', workspaceId, 'posts', 'awaiting_approval'] as const,
  post: (workspaceId: string, postId: string) => ['workspaces', workspaceId, 'posts', 'one', postId] as const,
  /** The newest posts, from which the first-steps guide reads its progress. */
  onboarding: (workspaceId: string) => ['workspaces', workspaceId, 'posts', 'onboarding'] as const,
  measure: (network: string, text: string) => ['measure', network, text] as const,
};
