export * from './gan';
export * from './vae';
export * from './wasserstein';
