export * from './config';
export * from './errors';
export * from './ids';
export * from './model';
export * from './networks';
export * from './roles';
export * from './secret';
export * from './time-zone';
