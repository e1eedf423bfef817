export * from './fake-pds';
export * from './pds';
export * from './png';
