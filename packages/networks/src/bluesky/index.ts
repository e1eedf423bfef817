export { type BlueskyCredentials, blueskyCredentials } from './credentials';
export { type BlueskySettings, blueskyDescriptor, createBlueskyDescriptor } from './descriptor';
export { type DetectedFacet, facets, measure as measureBluesky } from './text';
