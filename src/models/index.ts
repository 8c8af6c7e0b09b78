export { buildConvVae, buildMlpVae } from './vae';
export type { Vae } from './vae';
export { buildDcgan, buildMlpGan } from './gan';
export type { Gan } from './gan';
export { buildClassifier, CLASSIFIER_FEATURE_LAYER } from './classifier';
export { asImages, asModelInput } from './input';
export {
  exactLargestSingularValue,
  largestSingularValue,
  layerNorms,
  SpectralDense,
  spectralLayers,
} from './spectral-norm';
export type { LayerSpectralNorm, SpectralDenseArgs } from './spectral-norm';
export { buildAcGan, buildSnMlpGan, digitCodes, DIGITS } from './stabilised-gans';
export type { AcGan } from './stabilised-gans';
export {
  buildWaveNet,
  CausalConv1D,
  doublingDilations,
  GatedActivation,
  inputSensitivity,
  KeepLast,
  receptiveField,
  WAVENET_CLASSES,
} from './wavenet';
export type { WaveNetConfig } from './wavenet';
export { OneHotEmbedding } from './embedding';
export type { EmbeddingArgs } from './embedding';
export { LayerNorm } from './layer-norm';
export {
  attentionWeights,
  buildTransformer,
  CausalSelfAttention,
  languageModelLoss,
  tokenLosses,
  transformerLogits,
} from './transformer';
export type { TransformerConfig, TransformerLM } from './transformer';
export { buildTextVae } from './text-vae';
export type { TextVae, TextVaeConfig } from './text-vae';
