export * from './evergreen';
export * from './sync';
