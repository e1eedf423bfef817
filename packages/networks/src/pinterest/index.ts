export { pinterestDescriptor } from './descriptor';
export { measurePinterest } from './text';
