export * from './vae';
export * from './gan';
export * from './classifier';
export * from './input';
export * from './wavenet';
