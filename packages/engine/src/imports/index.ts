export * from './csv';
export * from './feed-parser';
export * from './feeds';
export * from './post-writer';
