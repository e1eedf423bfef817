import { AraldoError, type NetworkId } from '@araldo/core';
import { blueskyDescriptor } from './bluesky/index';
import type { NetworkDescriptor } from './contract';
import { facebookDescriptor } from './facebook/index';
import { instagramDescriptor } from './instagram/index';
import { linkedinDescriptor } from './linkedin/index';
import { mastodonDescriptor } from './mastodon/index';
import { pinterestDescriptor } from './pinterest/index';
import { sandboxDescriptor } from './sandbox/index';
import { snapchatDescriptor } from './snapchat/index';
import { threadsDescriptor } from './threads/index';
import { tiktokDescriptor } from './tiktok/index';
import { xDescriptor } from './x/index';
import { youtubeDescriptor } from './youtube/index';

/** Adding a network touches its folder and one line here (STYLE.md §1). */
export const NETWORKS: Partial<Record<NetworkId, NetworkDescriptor>> = {
  mastodon: mastodonDescriptor,
  bluesky: blueskyDescriptor,
  pinterest: pinterestDescriptor,
  linkedin: linkedinDescriptor,
  x: xDescriptor,
  snapchat: snapchatDescriptor,
  tiktok: tiktokDescriptor,
  youtube: youtubeDescriptor,
  threads: threadsDescriptor,
  instagram: instagramDescriptor,
  facebook: facebookDescriptor,
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
