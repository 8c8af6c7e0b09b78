// The GAN-versus-VAE chapter: the plan of runs, one run and its scores, and the results files.
export * from './results';
export * from './score';
export * from './experiments';
export * from './run';
export * from './files';
export * from './summary';
export * from './claims';
export * from './controls';
export * from './tables';
export * from './latent-evidence';
export * from './judges';
export * from './stabilising-runs';
export * from './stabilising-claims';
