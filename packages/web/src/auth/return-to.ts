/**
 * Where a person was heading when the sign-in screen interrupted them (an expired session, a
 * shared link), so signing in takes them there rather than to the home page.
 */
const KEY = 'araldo.returnTo';

export const rememberReturnTo = (path: string) => {
  if (path.startsWith('/w/') || path.startsWith('/account/')) window.sessionStorage.setItem(KEY, path);
};

export const takeReturnTo = (): string | null => {
  const path = window.sessionStorage.getItem(KEY);
  window.sessionStorage.removeItem(KEY);
  return path;
};
