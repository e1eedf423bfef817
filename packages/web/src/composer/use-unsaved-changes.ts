import { useEffect } from 'react';

/**
 * While there are unsaved changes, leaving asks first: closing or reloading the tab (the
 * browser's own prompt) and following a link inside the app (a confirm with `message`).
 * The browser's Back button is not caught: the app's router has no way to cancel a popstate.
 */
export const useUnsavedChanges = (dirty: boolean, message: string) => {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    // Capturing on the document runs before React's handlers on the root, so a cancelled
    // click never reaches the router's <Link>.
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement) || link.target === '_blank') return;
      if (link.origin !== window.location.origin || link.pathname === window.location.pathname) return;
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [dirty, message]);
};
