// The plan of the GAN-versus-VAE chapter: every run of every experiment, full size for `genlab compare`, tiny for
// the notebook's fast mode. The VAE baseline of 'reconstruction' and 'likelihood' (per-image sum, Bernoulli decoder,
// KL weight 1, same epochs) is the run VAE_BASELINE_ID of 'beta': summaries read it from there instead of training it twice.
import { GAN_DEFAULTS, VAE_DEFAULTS } from '../training';
import { ExperimentName, RunSpec } from './results';

export const EXPERIMENTS: ExperimentName[] = [
  'passes',
  'data-size',
  'learning-rate',
  'mode-collapse',
  'beta',
  'reconstruction',
  'likelihood',
];

/** The 'beta' run with KL weight 1: the baseline of the 'reconstruction' and 'likelihood' experiments. */
export const VAE_BASELINE_ID = 'beta/vae/kl-1';

/** Each model's usual settings (GAN_DEFAULTS, VAE_DEFAULTS), written out in every spec: the DCGAN paper's Adam and one G
 *  step per D step for GANs; Adam on the ELBO with a Bernoulli decoder for VAEs. */
const USUAL: Record<'gan' | 'vae', Pick<RunSpec, 'learningRate' | 'adamBeta1'> & Partial<RunSpec>> = {
  gan: {
    learningRate: GAN_DEFAULTS.learningRate,
    adamBeta1: GAN_DEFAULTS.adamBeta1,
    generatorSteps: GAN_DEFAULTS.generatorSteps,
  },
  vae: {
    learningRate: VAE_DEFAULTS.learningRate,
    adamBeta1: VAE_DEFAULTS.adamBeta1,
    klWeight: VAE_DEFAULTS.klWeight,
    reconstruction: VAE_DEFAULTS.reconstruction,
    likelihood: VAE_DEFAULTS.likelihood,
  },
};

/** The sizes that differ between the full plan and the fast one. */
interface PlanSizes {
  trainingImages: number;
  seeds: number[];
  passesEpochs: number;
  /** 'data-size': the training-set sizes, each trained for `equalSteps` steps with each of `dataSizeSeeds`. */
  dataSizes: number[];
  dataSizeSeeds: number[];
  equalSteps: number;
  sweepEpochs: number; // 'learning-rate'
  shortEpochs: number; // 'mode-collapse', 'beta', 'reconstruction', 'likelihood'
  learningRates: number[];
  adamBeta1s: number[];
  klWeights: number[];
}

const FULL: PlanSizes = {
  trainingImages: 60_000,
  seeds: [1, 2, 3],
  passesEpochs: 8,
  dataSizes: [500, 2_000, 8_000],
  dataSizeSeeds: [1, 2, 3, 4, 5],
  equalSteps: 1_500,
  sweepEpochs: 2,
  shortEpochs: 4,
  learningRates: [1e-4, 2e-4, 1e-3],
  adamBeta1s: [0.5, 0.9],
  klWeights: [0.25, 1, 4, 16],
};

// Every experiment, each with one or two values: a few seconds per run on one core.
const FAST: PlanSizes = {
  trainingImages: 256,
  seeds: [1],
  passesEpochs: 1,
  dataSizes: [128],
  dataSizeSeeds: [1],
  equalSteps: 4,
  sweepEpochs: 1,
  shortEpochs: 1,
  learningRates: [1e-3],
  adamBeta1s: [0.5],
  klWeights: [1, 4],
};

const BATCH_SIZE = 64;
const HIGH_LEARNING_RATE = 5 * GAN_DEFAULTS.learningRate; // 'mode-collapse': 5× the usual GAN rate

/** Every run of the chapter, in the order they are trained; `fast` gives the tiny plan of the notebook's CI run. */
export function comparisonPlan(fast: boolean): RunSpec[] {
  const sizes = fast ? FAST : FULL;
  const run = (
    experiment: ExperimentName,
    model: 'gan' | 'vae',
    label: string,
    settings: Partial<RunSpec> = {},
  ): RunSpec => ({
    id: `${experiment}/${model}/${label}`,
    experiment,
    model,
    architecture: 'mlp',
    seed: 1,
    numEpochs: sizes.shortEpochs,
    trainingImages: sizes.trainingImages,
    batchSize: BATCH_SIZE,
    ...USUAL[model],
    ...settings,
  });
  const both = (fn: (model: 'gan' | 'vae') => RunSpec[]) => [...fn('gan'), ...fn('vae')];
  return [
    ...both((model) =>
      sizes.seeds.map((seed) => run('passes', model, `seed-${seed}`, { seed, numEpochs: sizes.passesEpochs })),
    ),
    // Five seeds: H3 turns on a small difference between training-set sizes, so it needs its own spread.
    ...both((model) =>
      sizes.dataSizes.flatMap((images) =>
        sizes.dataSizeSeeds.map((seed) => {
          const numEpochs = Math.ceil(sizes.equalSteps / Math.ceil(images / BATCH_SIZE));
          return run('data-size', model, `images-${images}-seed-${seed}`, {
            seed,
            trainingImages: images,
            numEpochs,
            scoreEvery: Math.ceil(numEpochs / 4),
          });
        }),
      ),
    ),
    ...both((model) =>
      sizes.learningRates.flatMap((learningRate) =>
        sizes.adamBeta1s.map((adamBeta1) =>
          run('learning-rate', model, `lr-${learningRate}-b1-${adamBeta1}`, {
            learningRate,
            adamBeta1,
            numEpochs: sizes.sweepEpochs,
          }),
        ),
      ),
    ),
    ...[1, 5].map((generatorSteps) =>
      run('mode-collapse', 'gan', `g-steps-${generatorSteps}`, { learningRate: HIGH_LEARNING_RATE, generatorSteps }),
    ),
    ...sizes.klWeights.map((klWeight) => run('beta', 'vae', `kl-${klWeight}`, { klWeight })),
    run('reconstruction', 'vae', 'mean', { reconstruction: 'mean' }),
    run('likelihood', 'vae', 'gaussian', { likelihood: 'gaussian' }),
  ];
}
