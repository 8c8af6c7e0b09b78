// The shared module imported by the notebooks, the CLI, the benchmarks and the tests.
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
export * from './training';
export * from './comparison';
export * from './expect';
