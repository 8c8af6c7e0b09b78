export * from './features';
export * from './frechet';
