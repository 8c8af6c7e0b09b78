export * from './vae';
export * from './gan';
