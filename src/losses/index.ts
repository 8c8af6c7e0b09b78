export {
  bceFakeFromLogits,
  bceRealFromLogits,
  correctGanLosses,
  discriminatorLoss,
  generatorLossNonSaturating,
  generatorLossSaturating,
} from './gan';
export type { GanLosses } from './gan';
export {
  assertUnitPixels,
  bernoulliNllFromLogits,
  gaussianKlPerUnit,
  gaussianKlToStandardNormal,
  gaussianNllFromLogits,
  negativeElbo,
  reconstructionNll,
  reparameterise,
  vaeLoss,
} from './vae';
export type { Likelihood, VaeLossOptions } from './vae';
export {
  checkPositive,
  clipWeights,
  criticLoss,
  generatorLossWasserstein,
  gradientPenalty,
  shareAtClipBounds,
} from './wasserstein';
