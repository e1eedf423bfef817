/** Every server-state cache key in one place, so invalidations cannot drift from the reads. */
export const queryKeys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  tokens: ['tokens'] as const,
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  channels: (workspaceId: string) => ['workspaces', workspaceId, 'channels'] as const,
  networks: ['networks'] as const,
  notices: (workspaceId: string) => ['workspaces', workspaceId, 'notices'] as const,
  /** Every post of the workspace (the planner); a prefix of the keys below. */
  posts: (workspaceId: string) => ['workspaces', workspaceId, 'posts'] as const,
  allPosts: (workspaceId: string) => ['workspaces', workspaceId, 'posts', 'all'] as const,
  approvals: (workspaceId: string) => ['workspaces', workspaceId, 'posts', 'awaiting_approval'] as const,
  post: (workspaceId: string, postId: string) => ['workspaces', workspaceId, 'posts', 'one', postId] as const,
  measure: (network: string, text: string) => ['measure', network, text] as const,
};
