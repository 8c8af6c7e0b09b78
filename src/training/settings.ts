// Every MNIST model's default settings, in one place: the trainers, the command line (and its help), the comparison
// plan of chapter 07, the benchmarks and the notebooks read them from here. Change a default here and everything that
// quotes it follows. The sequence models keep their recipes beside their trainers (LANGUAGE_MODEL_SETTINGS,
// TEXT_VAE_EXPERIMENT, WAVENET_RECIPE), since each has a full and a fast version.
//
// A trainer's settings record, which a checkpoint stores and a resumed run must match, holds the latent size plus every
// option that differs from these defaults, so that a default run's record stays what it was before an option existed.
import type { RunSettings } from '../storage';

/** How long a model trains by default, and on batches of which size. */
export interface TrainingLength {
  numEpochs: number;
  batchSize: number;
}

/** The evaluator classifier of chapter 04. */
export interface ClassifierSettings extends TrainingLength {
  /** Adam's learning rate (with tfjs's β₁ = 0.9). */
  learningRate: number;
}

export const CLASSIFIER_DEFAULTS: ClassifierSettings = { learningRate: 1e-3, numEpochs: 10, batchSize: 64 };

/** The GAN of chapter 05 (the DCGAN) and the MLP GAN of chapter 07. */
export interface GanSettings extends TrainingLength {
  /** 'conv' is the DCGAN (buildDcgan), 'mlp' the MLP GAN (buildMlpGan) on flattened images. */
  architecture: 'conv' | 'mlp';
  /** Size of the noise vector z. */
  latentDim: number;
  /** Adam's learning rate, for both networks. */
  learningRate: number;
  /** Adam's β₁, for both networks. */
  adamBeta1: number;
  /** Generator steps after each discriminator step. */
  generatorSteps: number;
}

/** The DCGAN paper's choices (Radford et al. 2015, §4): Adam(2e-4, β₁ = 0.5), one G step per D step. */
export const GAN_DEFAULTS: GanSettings = {
  architecture: 'conv',
  latentDim: 100,
  learningRate: 2e-4,
  adamBeta1: 0.5,
  generatorSteps: 1,
  numEpochs: 20,
  batchSize: 64,
};

/** The VAE of chapter 06 (convolutional) and the MLP VAE of chapter 07. */
export interface VaeSettings extends TrainingLength {
  /** 'conv' is buildConvVae, 'mlp' buildMlpVae on flattened images. */
  architecture: 'conv' | 'mlp';
  /** Size of the latent code z. */
  latentDim: number;
  learningRate: number;
  /** Adam's β₁. */
  adamBeta1: number;
  /** The training loss's weight β on the KL term; the test ELBO keeps weight 1. */
  klWeight: number;
  /** The reconstruction term summed over pixels (the ELBO) or averaged ('mean', as some tutorials do). */
  reconstruction: 'sum' | 'mean';
  /** The decoder's likelihood: Bernoulli (cross-entropy) or a unit-variance Gaussian (squared error). */
  likelihood: 'bernoulli' | 'gaussian';
  /**
   * 'dynamic' trains on binary digits, each batch binarised afresh (so every epoch sees a new draw of each image),
   * and scores the test set binarised once; 'none' keeps the grey pixels.
   */
  binarisation: 'none' | 'dynamic';
}

/** Adam(1e-3) with tfjs's β₁ = 0.9 (Kingma & Ba's defaults), on the ELBO with a Bernoulli decoder, on grey pixels. */
export const VAE_DEFAULTS: VaeSettings = {
  architecture: 'conv',
  latentDim: 20,
  learningRate: 1e-3,
  adamBeta1: 0.9,
  klWeight: 1,
  reconstruction: 'sum',
  likelihood: 'bernoulli',
  binarisation: 'none',
  numEpochs: 20,
  batchSize: 64,
};

/** The AC-GAN of chapter 08. */
export interface AcGanSettings extends TrainingLength {
  latentDim: number;
  /** Adam's learning rate and β₁, for both networks. */
  learningRate: number;
  adamBeta1: number;
}

/** The DCGAN paper's Adam(2e-4, β₁ = 0.5) for both networks, as for the plain GAN. */
export const ACGAN_DEFAULTS: AcGanSettings = {
  latentDim: 100,
  learningRate: GAN_DEFAULTS.learningRate,
  adamBeta1: GAN_DEFAULTS.adamBeta1,
  numEpochs: 30,
  batchSize: 64,
};

export const GAN_VARIANTS = ['wgan-clip', 'wgan-gp', 'sngan'] as const;
export type GanVariant = (typeof GAN_VARIANTS)[number];

/** The optimiser and the critic's constraint of one of chapter 08's MLP GAN variants. */
export interface VariantSettings {
  learningRate: number;
  adamBeta1: number;
  adamBeta2: number;
  /** Critic updates per generator update. */
  criticSteps: number;
  /** wgan-gp: the penalty's weight λ. */
  penaltyWeight: number;
  /** wgan-clip: every critic weight is kept in [−c, c]. */
  clipValue: number;
}

/**
 * Each paper's settings: WGAN RMSProp(5e-5), c = 0.01, 5 critic steps (Algorithm 1); WGAN-GP Adam(1e-4, 0, 0.9), λ = 10,
 * 5 critic steps (Algorithm 1); SN-GAN Adam(2e-4, 0.5, 0.999), one D step (setting C of Table 1), which are also the
 * DCGAN settings of the plain GAN, so that only the normalisation differs. (wgan-clip ignores the Adam β's.)
 */
export const VARIANT_DEFAULTS: Record<GanVariant, VariantSettings> = {
  'wgan-clip': {
    learningRate: 5e-5,
    adamBeta1: 0.5,
    adamBeta2: 0.999,
    criticSteps: 5,
    penaltyWeight: 10,
    clipValue: 0.01,
  },
  'wgan-gp': { learningRate: 1e-4, adamBeta1: 0, adamBeta2: 0.9, criticSteps: 5, penaltyWeight: 10, clipValue: 0.01 },
  sngan: {
    learningRate: GAN_DEFAULTS.learningRate,
    adamBeta1: GAN_DEFAULTS.adamBeta1,
    adamBeta2: 0.999,
    criticSteps: 1,
    penaltyWeight: 10,
    clipValue: 0.01,
  },
};

/** The latent size and training length the three variants share: shorter than the DCGAN's, since they are MLPs. */
export const VARIANT_TRAINING: TrainingLength & { latentDim: number } = {
  latentDim: 100,
  numEpochs: 10,
  batchSize: 64,
};

/** `base` plus every option that differs from its default (options left undefined are at their default). */
export function trainerSettings(base: RunSettings, options: Partial<RunSettings>, defaults: RunSettings): RunSettings {
  const settings = { ...base };
  for (const [name, value] of Object.entries(options))
    if (value !== undefined && value !== defaults[name]) settings[name] = value;
  return settings;
}

/** The options that were given: a field set to undefined falls back to its default instead of hiding it. */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
