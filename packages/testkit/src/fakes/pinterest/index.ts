export { type FakePin, FakePinterest, type FakePinterestVideo } from './fake-pinterest';
