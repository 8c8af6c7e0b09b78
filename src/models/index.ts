export * from './vae';
export * from './gan';
export * from './classifier';
export * from './input';
export * from './spectral-norm';
export * from './stabilised-gans';
export * from './wavenet';
