export { type FakeTweet, FakeX, type FakeXUser } from './fake-x';
export { weightedLength as xWeightedLength } from './weighted-length';
