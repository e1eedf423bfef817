export * from './endpoints';
export * from './events';
export * from './sender';
export * from './signature';
