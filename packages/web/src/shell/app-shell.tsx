import { type ReactNode, type RefObject, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, WorkspaceWithRole } from '../api/types';
import { ApprovalsPage } from '../approvals/approvals-page';
import { takeReturnTo } from '../auth/return-to';
import { ChannelsPage } from '../channels/channels-page';
import { LazyComposerPage, LazyPostEditPage } from '../composer/lazy-pages';
import { HomePage } from '../home/home-page';
import { useWorkspaceEvents } from '../live/use-workspace-events';
import { MembersPage } from '../members/members-page';
import { NoticesBell } from '../notices/notices-bell';
import { PlannerPage } from '../planner/planner-page';
import { PostDetailPage } from '../posts/post-detail-page';
import { Link, navigate, parseRoute, paths, type Route, usePath } from '../routing/router';
import { TokensPage } from '../tokens/tokens-page';
import { BrandMark } from '../ui/brand';
import { chooseWorkspace, rememberWorkspace } from '../workspaces/current-workspace';
import { NoWorkspacePage } from '../workspaces/no-workspace-page';
import { WorkspaceSettingsPage } from '../workspaces/workspace-settings-page';
import { NavIcon, type NavIconName } from './nav-icons';
import { UserMenu } from './user-menu';
import { WorkspaceSwitcher } from './workspace-switcher';

export const AppShell = ({ me }: { me: Me }) => {
  const path = usePath();
  const route = parseRoute(path);
  const urlWorkspaceId = 'workspaceId' in route ? route.workspaceId : undefined;
  const workspace = chooseWorkspace(me.workspaces, urlWorkspaceId);

  useEffect(() => {
    if (workspace) rememberWorkspace(workspace.id);
    // Paths that name no page of the app (/, /sign-in, a stale workspace id) land on a home page.
    if (route.name === 'sign-in') {
      const returnTo = takeReturnTo();
      if (returnTo) {
        navigate(returnTo, { replace: true });
        return;
      }
    }
    if (route.name === 'none' || route.name === 'sign-in' || (urlWorkspaceId && !workspace)) {
      const fallback = chooseWorkspace(me.workspaces, undefined);
      if (!fallback) return;
      // A failed OAuth connection comes back as /?connectError=…: show it where it started.
      const search = window.location.search;
      if (new URLSearchParams(search).has('connectError')) {
        navigate(`${paths.channels(fallback.id)}${search}`, { replace: true });
      } else {
        navigate(paths.home(fallback.id), { replace: true });
      }
    }
  }, [route.name, urlWorkspaceId, workspace, me.workspaces]);

  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(path);
  useEffect(() => {
    // After an in-app navigation, start reading at the new page's heading.
    if (path === firstPath.current) return;
    firstPath.current = '';
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  if (!workspace) {
    return <NoWorkspacePage me={me} />;
  }
  return <WorkspaceShell me={me} workspace={workspace} route={route} mainRef={mainRef} />;
};

const WorkspaceShell = (props: {
  me: Me;
  workspace: WorkspaceWithRole;
  route: Route;
  mainRef: RefObject<HTMLElement | null>;
}) => {
  const { t } = useTranslation();
  const { me, workspace, route, mainRef } = props;
  useWorkspaceEvents(workspace.id);

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('shell.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">
          <BrandMark />
          <span className="brand-name">Araldo</span>
        </span>
        <WorkspaceSwitcher workspaces={me.workspaces} current={workspace} route={route} />
        <span className="topbar-spacer" />
        <NoticesBell workspaceId={workspace.id} />
        <UserMenu user={me.user} />
      </header>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <ul className="nav-list">
          <NavItem href={paths.home(workspace.id)} icon="home" current={route.name === 'home'}>
            {t('nav.home')}
          </NavItem>
          <NavItem href={paths.compose(workspace.id)} icon="compose" current={route.name === 'compose'}>
            {t('nav.compose')}
          </NavItem>
          <NavItem
            href={paths.planner(workspace.id)}
            icon="planner"
            current={route.name === 'planner' || route.name === 'post' || route.name === 'edit-post'}
          >
            {t('nav.planner')}
          </NavItem>
          <NavItem href={paths.approvals(workspace.id)} icon="approvals" current={route.name === 'approvals'}>
            {t('nav.approvals')}
          </NavItem>
          <NavItem href={paths.channels(workspace.id)} icon="channels" current={route.name === 'channels'}>
            {t('nav.channels')}
          </NavItem>
          <NavItem href={paths.members(workspace.id)} icon="members" current={route.name === 'members'}>
            {t('nav.members')}
          </NavItem>
          <NavItem href={paths.settings(workspace.id)} icon="settings" current={route.name === 'settings'}>
            {t('nav.settings')}
          </NavItem>
        </ul>
        <p className="nav-section">{t('nav.account')}</p>
        <ul className="nav-list">
          <NavItem href={paths.tokens()} icon="tokens" current={route.name === 'tokens'}>
            {t('nav.tokens')}
          </NavItem>
        </ul>
      </nav>
      <main id="main" className="content" ref={mainRef} tabIndex={-1}>
        <Page route={route} me={me} workspace={workspace} />
      </main>
    </div>
  );
};

const NavItem = (props: { href: string; icon: NavIconName; current: boolean; children: ReactNode }) => (
  <li>
    <Link href={props.href} className="nav-link" aria-current={props.current ? 'page' : undefined}>
      <NavIcon name={props.icon} />
      {props.children}
    </Link>
  </li>
);

const Page = ({ route, me, workspace }: { route: Route; me: Me; workspace: WorkspaceWithRole }) => {
  switch (route.name) {
    case 'channels':
      return <ChannelsPage workspace={workspace} />;
    case 'compose':
      return <LazyComposerPage workspace={workspace} />;
    case 'planner':
      return <PlannerPage workspace={workspace} />;
    case 'edit-post':
      return <LazyPostEditPage key={route.postId} workspace={workspace} postId={route.postId} />;
    case 'post':
      return <PostDetailPage key={route.postId} workspace={workspace} postId={route.postId} />;
    case 'approvals':
      return <ApprovalsPage workspace={workspace} />;
    case 'members':
      return <MembersPage workspace={workspace} me={me} />;
    case 'settings':
      return <WorkspaceSettingsPage workspace={workspace} />;
    case 'tokens':
      return <TokensPage />;
    default:
      return <HomePage workspace={workspace} user={me.user} />;
  }
};
