// The shared module imported by the notebooks, the CLI, the benchmarks and the tests: every folder's index lists its
// exports by name, and this file joins them (tsc refuses a name that two folders export).
export * from './config';
export * from './data';
export * from './backend';
export * from './losses';
export * from './plots';
export * from './maths';
export * from './metrics';
export * from './articles';
export * from './text';
export * from './audio';
export * from './models';
export * from './storage';
export * from './evaluator';
export * from './training';
export * from './comparison';
export * from './ood';
export * from './compression';
export * from './frame';
export * from './expect';
