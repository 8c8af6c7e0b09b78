// The articles' code listings rebuilt (seed-guide §3): each as written, with its fault, and corrected.
export * from './shapes';
export * from './conv-gans';
export * from './mlp-gans';
export * from './vae-listings';
export * from './data-listing';
export * from './combined-model';
export * from './training-faults';
export * from './summary';
export * from './text-listing';
export * from './display-listing';
export * from './bibliography';
