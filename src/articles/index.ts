// The articles' code listings rebuilt (L1…L13, numbered across the five articles; summary.ts gives each one's article and section): each as written, with its fault, and corrected.
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
