import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/**
 * A few screens do not need a router library: the path lives in the History API (the server
 * answers every non-API path with index.html) and components subscribe to it.
 */
const NAVIGATE_EVENT = 'araldo:navigate';

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
};

export const usePath = (): string => useSyncExternalStore(subscribe, () => window.location.pathname);

export const navigate = (path: string, options: { replace?: boolean } = {}) => {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
};

export type Route =
  | { name: 'home'; workspaceId: string }
  | { name: 'channels'; workspaceId: string }
  | { name: 'compose'; workspaceId: string }
  | { name: 'planner'; workspaceId: string }
  | { name: 'approvals'; workspaceId: string }
  | { name: 'post'; workspaceId: string; postId: string }
  | { name: 'edit-post'; workspaceId: string; postId: string }
  | { name: 'members'; workspaceId: string }
  | { name: 'settings'; workspaceId: string }
  | { name: 'tokens' }
  | { name: 'sign-in' }
  | { name: 'none' };

export const paths = {
  home: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}`,
  channels: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/channels`,
  /** With a channel, the composer starts with it chosen. */
  compose: (workspaceId: string, channelId?: string) =>
    `/w/${encodeURIComponent(workspaceId)}/compose${channelId ? `?channel=${encodeURIComponent(channelId)}` : ''}`,
  planner: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/planner`,
  approvals: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/approvals`,
  post: (workspaceId: string, postId: string) =>
    `/w/${encodeURIComponent(workspaceId)}/posts/${encodeURIComponent(postId)}`,
  editPost: (workspaceId: string, postId: string) =>
    `/w/${encodeURIComponent(workspaceId)}/posts/${encodeURIComponent(postId)}/edit`,
  members: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/members`,
  settings: (workspaceId: string) => `/w/${encodeURIComponent(workspaceId)}/settings`,
  tokens: () => '/account/tokens',
  signIn: () => '/sign-in',
};

export const parseRoute = (path: string): Route => {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, workspaceId, section, item, action] = parts;
  if (first === 'w' && workspaceId) {
    if (section === undefined) return { name: 'home', workspaceId };
    if (section === 'channels') return { name: 'channels', workspaceId };
    if (section === 'compose') return { name: 'compose', workspaceId };
    if (section === 'planner') return { name: 'planner', workspaceId };
    if (section === 'approvals') return { name: 'approvals', workspaceId };
    if (section === 'posts' && item && action === 'edit')
      return { name: 'edit-post', workspaceId, postId: item };
    if (section === 'posts' && item) return { name: 'post', workspaceId, postId: item };
    if (section === 'members') return { name: 'members', workspaceId };
    if (section === 'settings') return { name: 'settings', workspaceId };
    return { name: 'home', workspaceId };
  }
  if (first === 'account' && workspaceId === 'tokens') return { name: 'tokens' };
  if (first === 'sign-in') return { name: 'sign-in' };
  return { name: 'none' };
};

export const Link = ({
  href,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) => {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
};
