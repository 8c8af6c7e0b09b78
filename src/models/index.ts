export * from './vae';
export * from './gan';
export * from './classifier';
export * from './input';
export * from './embedding';
export * from './layer-norm';
export * from './transformer';
export * from './text-vae';
