export { assertSameWidth, featureRows, featureTensor } from './features';
export type { FeatureMatrix } from './features';
export { featureMoments, frechetDistance, frechetDistanceOfMoments, symmetricMatrixSqrt } from './frechet';
export type { FeatureMoments } from './frechet';
export { kthNearestDistances, reduceDistanceBlocks, squaredDistances } from './nearest-neighbours';
export { knnPrecisionRecall } from './precision-recall';
export type { PrecisionRecall } from './precision-recall';
export { classCoverage, COVERED_CLASS_SHARE } from './class-coverage';
export type { ClassCoverage } from './class-coverage';
export { gradientEnergy, relativeSharpness } from './sharpness';
export { memorisation } from './memorisation';
export type { Memorisation } from './memorisation';
export { ACTIVE_UNIT_THRESHOLD, activeUnits, datasetNegativeElbo } from './vae';
export type { ActiveUnits, DatasetElbo, Decode, Encode } from './vae';
export {
  aggregatePosterior,
  fitAggregatePosterior,
  fitToPrior,
  interpolationConfidence,
  pairsOfDifferentClasses,
  straightPath,
} from './latent';
export type { AggregatePosterior, GaussianFit, InterpolationConfidence } from './latent';
export { densityCoverage } from './density-coverage';
export type { DensityCoverage } from './density-coverage';
export { auroc } from './auroc';
export { perImageNegativeElbo } from './per-image-elbo';
export { importanceSampledBounds } from './iwae';
export type { ImportanceSampledBound, ImportanceSamplingOptions, LogLikelihood } from './iwae';
