export * from './vae';
export * from './gan';
export * from './classifier';
