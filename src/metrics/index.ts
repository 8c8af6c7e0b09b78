export * from './features';
export * from './frechet';
export * from './nearest-neighbours';
export * from './precision-recall';
export * from './class-coverage';
export * from './sharpness';
export * from './memorisation';
export * from './vae';
