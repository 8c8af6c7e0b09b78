export * from './articles';
export * from './densities';
export * from './gaussian';
export * from './gradient-estimators';
export * from './linear-gaussian';
export * from './optimal-discriminator';
export * from './random';
export * from './toy-gan';
