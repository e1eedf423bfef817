import { useCallback, useSyncExternalStore } from 'react';
import type { GuideMemory } from './onboarding-progress';

/**
 * The server keeps no per-person preferences yet (PATCH /me takes a name and a language), so
 * whether the guide was seen, dismissed or finished is remembered in this browser, per workspace.
 */
const keyOf = (workspaceId: string) => `araldo.onboarding.${workspaceId}`;
const CHANGE_EVENT = 'araldo:onboarding';
const VALUES: readonly GuideMemory[] = ['seen', 'dismissed', 'finished'];

const read = (workspaceId: string): GuideMemory => {
  try {
    const value = window.localStorage.getItem(keyOf(workspaceId));
    return VALUES.find((known) => known === value) ?? null;
  } catch {
    // Storage refused (private mode, a policy): the guide simply shows again next time.
    return null;
  }
};

const write = (workspaceId: string, value: Exclude<GuideMemory, null>) => {
  try {
    window.localStorage.setItem(keyOf(workspaceId), value);
  } catch {
    // As above: nothing to remember with.
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
};

const subscribe = (onChange: () => void) => {
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
};

/** The guide's memory for a workspace, shared by every tab of this browser. */
export const useGuideMemory = (workspaceId: string) => {
  const memory = useSyncExternalStore(subscribe, () => read(workspaceId));
  const remember = useCallback(
    (value: Exclude<GuideMemory, null>) => write(workspaceId, value),
    [workspaceId],
  );
  return [memory, remember] as const;
};
