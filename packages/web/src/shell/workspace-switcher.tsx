import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceWithRole } from '../api/types';
import { navigate, paths, type Route } from '../routing/router';

/** Switching keeps the section: from one workspace's members to the other's members. */
const samePageIn = (route: Route, workspaceId: string): string => {
  if (route.name === 'channels') return paths.channels(workspaceId);
  if (route.name === 'compose') return paths.compose(workspaceId);
  // A post belongs to one workspace: from its page, the other workspace's planner.
  if (route.name === 'planner' || route.name === 'post' || route.name === 'edit-post')
    return paths.planner(workspaceId);
  if (route.name === 'approvals') return paths.approvals(workspaceId);
  if (route.name === 'members') return paths.members(workspaceId);
  if (route.name === 'settings') return paths.settings(workspaceId);
  return paths.home(workspaceId);
};

export const WorkspaceSwitcher = (props: {
  workspaces: readonly WorkspaceWithRole[];
  current: WorkspaceWithRole;
  route: Route;
}) => {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="workspace-switcher">
      <label htmlFor={id} className="workspace-switcher-label">
        {t('shell.workspace')}
      </label>
      <select
        id={id}
        className="input select workspace-select"
        value={props.current.id}
        onChange={(event) => navigate(samePageIn(props.route, event.target.value))}
      >
        {props.workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name}
          </option>
        ))}
      </select>
    </div>
  );
};
