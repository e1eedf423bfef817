export * from './api';
export * from './context';
export * from './databases';
export * from './fakes/fake-server';
export * from './fakes/mastodon';
export * from './fakes/oauth';
