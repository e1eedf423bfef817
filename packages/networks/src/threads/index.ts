export { threadsDescriptor } from './descriptor';
export { countLinks, measureThreads, threadsLength } from './text';
