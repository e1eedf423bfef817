/** The networks Araldo knows; the adapters live in @araldo/networks, one folder each. */
export const NETWORK_IDS = [
  'bluesky',
  'mastodon',
  'x',
  'facebook',
  'instagram',
  'linkedin',
  'threads',
  'youtube',
  'pinterest',
  'tiktok',
  'snapchat',
  'sandbox',
] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

export const isNetworkId = (value: string): value is NetworkId =>
  (NETWORK_IDS as readonly string[]).includes(value);
