// The articles' code listings rebuilt (L1…L13, numbered across the five articles; summary.ts gives each one's article and section): each as written, with its fault, and corrected.
export { faultOf, formatShape, layerShape, layerTable, outputShapeOf } from './shapes';
export type { Version } from './shapes';
export {
  listing13Discriminator,
  listing13Generator,
  listing2Discriminator,
  listing2Generator,
  listing5Discriminator,
  listing5Generator,
  listing7Discriminator,
  listing7Generator,
} from './conv-gans';
export {
  listing10Discriminator,
  listing10Generator,
  listing11Discriminator,
  listing11Generator,
  listing8Discriminator,
  listing8Generator,
} from './mlp-gans';
export {
  listing3Decoder,
  listing3Encoder,
  listing3LossAsWritten,
  listing6AsWritten,
  listing6Decoder,
  listing6Encoder,
  listing9EncodeAsWritten,
} from './vae-listings';
export { listing1Images } from './data-listing';
export { combinedModelStep } from './combined-model';
export {
  gaussianNoiseRealData,
  generatorTowardFakeLosses,
  listing2GanLosses,
  mnistRealData,
  realImageGradientNorm,
  samplesForEvaluator,
  sampleVerdict,
  trainListingGan,
} from './training-faults';
export type { GanRun, GanTrace, RealData, SampleVerdict } from './training-faults';
export {
  article002Kl,
  article003DiscriminatorLoss,
  article003GeneratorLoss,
  article003Kl,
  article004GeneratorLoss,
  descendPenalty,
  klSubtracted,
} from './formulas';
export type { LatentPenalty } from './formulas';
export { listingSummaries } from './summary';
export type { ListingSummary } from './summary';
export {
  checkRequirement,
  generateTokens,
  GPT2_SMALL,
  gpt2ParameterCount,
  listing12Requirements,
  listing12Tokenize,
  logitsAtEveryPosition,
  nGramStandIn,
  padSequences,
} from './text-listing';
export type { Gpt2Config, NextTokenLogits } from './text-listing';
export { listing4GenerateImages, stretchEachImage, wholeVae } from './display-listing';
export type { ModelCall } from './display-listing';
export { BIBLIOGRAPHY_ERRATA, REFERENCES } from './bibliography';
export type { BibliographyErratum, ErratumKind, Reference } from './bibliography';
