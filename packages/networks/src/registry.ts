import { AraldoError, type NetworkId } from '@araldo/core';
import type { NetworkDescriptor } from './contract';
import { mastodonDescriptor } from './mastodon/index';
import { sandboxDescriptor } from './sandbox/index';

/** Adding a network touches its folder and one line here (STYLE.md §1). */
export const NETWORKS: Partial<Record<NetworkId, NetworkDescriptor>> = {
  mastodon: mastodonDescriptor,
  sandbox: sandboxDescriptor,
};

export function descriptorFor(id: string): NetworkDescriptor {
  const descriptor = NETWORKS[id as NetworkId];
  if (!descriptor) {
    throw new AraldoError('validation_failed', `Araldo has no adapter for "${id}"`, {
      details: [{ path: 'network', message: `one of ${Object.keys(NETWORKS).join(', ')}` }],
    });
  }
  return descriptor;
}
