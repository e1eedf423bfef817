export { mastodonDescriptor } from './descriptor';
export { mastodonLength, measureMastodon } from './text';
