export * from './gan';
export * from './vae';
