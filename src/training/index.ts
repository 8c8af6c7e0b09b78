// Training: the shared loop with checkpoints and resume, each model's trainer, and progress displays.
export { classifierTrainer, evaluateClassifier, predictClasses } from './classifier';
export { epochSeed, fit, stepSeed, TrainingDivergedError, TrainingInterruptedError, TrainingWriteError } from './loop';
export type { FitOptions, StepReport, Trainer, TrainingProgress } from './loop';
export {
  epochLine,
  formatDuration,
  liveImage,
  notebookProgress,
  recordingProgress,
  stepLine,
  terminalProgress,
} from './progress';
export { firstImages } from './subset';
export { fixedNoiseGrid, ganTrainer, generate, judgeGenerator, toUnitRange } from './gan';
export type { GanTrainer, GanTrainerOptions } from './gan';
export { withSeed } from './seeded';
export {
  boundKs,
  decodeMeans,
  encode,
  fixedPriorGrid,
  FULL_LIKELIHOOD_SETTINGS,
  loadVae,
  runLikelihood,
  vaeImportanceSampledBounds,
  vaeNegativeElbo,
  vaeTrainer,
} from './vae';
export type { LikelihoodEstimate, LikelihoodSettings, VaeTrainer, VaeTrainerOptions } from './vae';
export { ganStep, vaeStep } from './steps';
export type { GanOptimizers, GanStepLosses, GanStepOptions } from './steps';
export {
  ACGAN_DEFAULTS,
  CLASSIFIER_DEFAULTS,
  definedOnly,
  GAN_DEFAULTS,
  GAN_VARIANTS,
  trainerSettings,
  VAE_DEFAULTS,
  VARIANT_DEFAULTS,
  VARIANT_TRAINING,
} from './settings';
export type {
  AcGanSettings,
  ClassifierSettings,
  GanSettings,
  GanVariant,
  TrainingLength,
  VaeSettings,
  VariantSettings,
} from './settings';
export { checkPenaltyGradient } from './penalty-check';
export type { PenaltyGradientCheck } from './penalty-check';
export { checkVariant, variantTrainer } from './stabilised-gan';
export type { VariantTrainer, VariantTrainerOptions } from './stabilised-gan';
export { acganTrainer, conditionalAccuracy, digitRows, digitRowsGrid, drawDigits } from './acgan';
export type { AcGanTrainer, AcGanTrainerOptions, ConditionalAccuracy } from './acgan';
export { loadWaveNet, speechTrainingSet, WAVENET_RECIPE, waveNetBits, waveNetTrainer } from './wavenet';
export type { SpeechTrainingSet, WaveNetRecipe, WaveNetTrainer, WaveNetTrainerOptions } from './wavenet';
export {
  LANGUAGE_MODEL_SETTINGS,
  languageModelRun,
  languageModelTrainer,
  learningRateAt,
  loadLanguageModel,
  slidingBitsPerToken,
  textWindows,
  windowIds,
  windowsBitsPerToken,
} from './language-model';
export type { LanguageModelRun, LanguageModelTrainer, LanguageModelTrainerOptions, Schedule } from './language-model';
export {
  decodeGreedy,
  evaluateTextVae,
  interpolateSentences,
  klWeightAt,
  runTextVaeExperiment,
  sentenceBatch,
  TEXT_VAE_EXPERIMENT,
  textVaeLoss,
  textVaeTerms,
  trainTextVae,
} from './text-vae';
export type {
  SentenceBatch,
  TextVaeEpoch,
  TextVaeEvaluation,
  TextVaeRunResult,
  TextVaeSettings,
  TextVaeTerms,
  TextVaeVariant,
} from './text-vae';
