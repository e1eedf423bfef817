import type { WorkspaceWithRole } from '../api/types';

const STORAGE_KEY = 'araldo.workspace';

export const rememberWorkspace = (workspaceId: string) =>
  window.localStorage.setItem(STORAGE_KEY, workspaceId);

/** The workspace to show: the one in the URL, else the last one used here, else the first. */
export const chooseWorkspace = (
  workspaces: readonly WorkspaceWithRole[],
  fromUrl: string | undefined,
): WorkspaceWithRole | undefined => {
  const byId = (id: string | null | undefined) => workspaces.find((workspace) => workspace.id === id);
  if (fromUrl !== undefined) return byId(fromUrl);
  return byId(window.localStorage.getItem(STORAGE_KEY)) ?? workspaces[0];
};
