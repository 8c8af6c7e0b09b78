// Training: the shared loop with checkpoints and resume, each model's trainer, and progress displays.
export * from './classifier';
export * from './loop';
export * from './progress';
export * from './subset';
export * from './gan';
export * from './seeded';
export * from './vae';
export * from './steps';
export * from './settings';
export * from './penalty-check';
export * from './stabilised-gan';
export * from './acgan';
export * from './wavenet';
export * from './language-model';
export * from './text-vae';
