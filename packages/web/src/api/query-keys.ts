/** Every server-state cache key in one place, so invalidations cannot drift from the reads. */
export const queryKeys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
  tokens: ['tokens'] as const,
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  channels: (workspaceId: string) => ['workspaces', workspaceId, 'channels'] as const,
  networks: ['networks'] as const,
  notices: (workspaceId: string) => ['workspaces', workspaceId, 'notices'] as const,
};
