export * from './api';
export * from './context';
export * from './databases';
