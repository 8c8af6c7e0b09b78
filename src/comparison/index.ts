// The GAN-versus-VAE chapter: the plan of runs, one run and its scores, and the results files; what the runs say
// (metric-readings, spread, curves, time-budget, stability, mode-collapse, compute-cost: pure functions over RunResult[],
// no TensorFlow.js, each tested on hand-made runs) and the verdict rules (verdicts) that claims.ts applies.
export * from './results';
export * from './score';
export * from './experiments';
export * from './run';
export * from './files';
export * from './metric-readings';
export * from './spread';
export * from './curves';
export * from './time-budget';
export * from './stability';
export * from './mode-collapse';
export * from './compute-cost';
export * from './verdicts';
export * from './claims';
export * from './controls';
export * from './tables';
export * from './latent-evidence';
export * from './judges';
export * from './stabilising-runs';
export * from './stabilising-claims';
