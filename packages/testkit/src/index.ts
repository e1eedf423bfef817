export * from './api';
export * from './context';
export * from './databases';
export {
  FACEBOOK_FAKE_VERSION,
  FakeFacebook,
  type FakeFacebookComment,
  type FakeFacebookPost,
} from './fakes/facebook';
export { type FakeFacebookVideo, FakeFacebookVideos } from './fakes/facebook-videos';
export * from './fakes/fake-server';
export {
  FakeInstagram,
  type FakeInstagramComment,
  type FakeInstagramMedia,
  INSTAGRAM_FAKE_VERSION,
} from './fakes/instagram';
export * from './fakes/linkedin/index';
export * from './fakes/mastodon';
export { ContainerStore, type FakeContainer } from './fakes/meta-containers';
export { MetaGraph, type MetaToken } from './fakes/meta-graph';
export * from './fakes/oauth';
export * from './fakes/pinterest/index';
export * from './fakes/smtp';
export { FakeSnapchat, type FakeSnapMedia, type FakeSnapPost, snapError } from './fakes/snapchat';
export { FakeThreads, type FakeThreadsPost, THREADS_FAKE_VERSION, threadsCount } from './fakes/threads';
export { FakeTikTok, type FakeTikTokPost, tiktokError } from './fakes/tiktok';
export * from './fakes/x/index';
export { FakeYouTube, type FakeYouTubeComment, type FakeYouTubeVideo, googleError } from './fakes/youtube';
