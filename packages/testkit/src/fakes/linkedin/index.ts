export { FakeLinkedIn, type FakeLinkedInComment, type FakeLinkedInPost } from './fake-linkedin';
export { readLittleText } from './little-text';
export { type FakeLinkedInVideo, FakeLinkedInVideos } from './videos';
