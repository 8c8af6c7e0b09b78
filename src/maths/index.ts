export { linspace, mixtureDensity, normalDensity, sampleMixture, trapezoid } from './densities';
export type { Density, GaussianComponent } from './densities';
export { klDiagonalGaussians, logDiagonalGaussianDensity, monteCarloKl, standardNormal } from './gaussian';
export type { DiagonalGaussian } from './gaussian';
export { pathwiseGradients, scoreFunctionGradients } from './gradient-estimators';
export type { EstimatorSetup } from './gradient-estimators';
export { elbo, logEvidence, logImportanceWeights, logJoint, logMeanExp, truePosterior } from './linear-gaussian';
export type { LinearGaussianModel, ScalarGaussian } from './linear-gaussian';
export {
  jensenShannon,
  klDivergenceOnGrid,
  optimalDiscriminator,
  optimalDiscriminatorLogit,
  valueFunction,
} from './optimal-discriminator';
export { histogram, mean, normalRng, standardError, tfSeed, uniformRng, variance } from './random';
export { COVERED_MODE_SHARE, ringCentres, ringCoverage, sampleRing } from './ring';
export type { Ring, RingCoverage } from './ring';
export { createMlp, FINAL_SAMPLE_COUNT, generatorLossLogitGradient, trainToyGan } from './toy-gan';
export type { GeneratorLoss, Mlp, ToyGanConfig, ToyGanRun } from './toy-gan';
export { cdfOnGrid, separationSweep, wasserstein1 } from './wasserstein';
export type { SeparationPoint } from './wasserstein';
