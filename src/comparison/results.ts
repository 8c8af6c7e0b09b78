// The results file of the GAN-versus-VAE chapter (notebooks/07-gan-vs-vae.ipynb): which runs were trained, with what
// settings, and what was measured after each epoch. `genlab compare` writes the full file once; the notebook's
// fast mode writes a tiny one through the same code; the notebook's summaries read either.

/** The experiments of the chapter, each answering some of the articles' claims (H1…H20, chapter 07's table of claims). */
export type ExperimentName =
  | 'passes' // H1, H2, H4, H6, H8, H13 (and equal wall-clock, read off the same runs): GAN and VAE, several seeds
  | 'data-size' // H3: fewer training images, equal steps
  | 'learning-rate' // H4: learning rate × Adam β₁, both models
  | 'mode-collapse' // H5: a high learning rate, several G steps per D step
  | 'beta' // H9: β-VAE sweep
  | 'reconstruction' // H10: per-image sum versus per-pixel mean of the reconstruction loss
  | 'likelihood'; // H11: Bernoulli (BCE) versus Gaussian (MSE) decoder

/** Everything that fixes one training run. */
export interface RunSpec {
  /** Unique within a results file, e.g. 'passes/gan/seed-1'. */
  id: string;
  experiment: ExperimentName;
  model: 'gan' | 'vae';
  architecture: 'mlp';
  seed: number;
  /** Epochs to train (results files written before 2026-12 call it `epochs`; readComparisonResults reads both). */
  numEpochs: number;
  /** Score the samples after every this many epochs (and always after the last); 1 when absent. Runs on a few hundred
   *  images have hundreds of short epochs, and scoring each would cost more than training. */
  scoreEvery?: number;
  trainingImages: number;
  batchSize: number;
  learningRate: number;
  /** Adam's β₁ (both networks of a GAN). */
  adamBeta1: number;
  /** GAN only: generator steps after each discriminator step (1 is the usual). */
  generatorSteps?: number;
  /** VAE only: the weight of the KL term (1 is the ELBO). */
  klWeight?: number;
  /** VAE only: the reconstruction loss summed over an image's pixels, or averaged over them (seed 000's bug). */
  reconstruction?: 'sum' | 'mean';
  /** VAE only: Bernoulli decoder (binary cross-entropy) or Gaussian decoder with fixed variance (squared error). */
  likelihood?: 'bernoulli' | 'gaussian';
}

/** The evaluator classifier's verdict on generated images (a VAE's decoder means, a GAN's outputs), in [0, 1]. */
export interface SampleScores {
  samples: number;
  /** Entropy of the predicted classes, nats (ln 10 ≈ 2.303 when all ten digits are equally frequent). */
  classEntropy: number;
  /** Classes holding at least 2 % of the samples. */
  classesCovered: number;
  /** Share of the samples predicted as each digit 0–9. */
  classShares: number[];
  /** Mean largest softmax probability. */
  meanConfidence: number;
  /** k-NN precision and recall (k = 3) in the evaluator's feature space, against as many test digits. */
  precision: number;
  recall: number;
  /** Density and coverage (k = 5) in the same feature space: like precision and recall, but built on real balls only. */
  density: number;
  coverage: number;
  /** Fréchet distance between the features of the samples and of as many test digits. */
  frechet: number;
  /** Gradient energy of the samples over that of test digits (1 = as sharp as real digits). */
  relativeSharpness: number;
  /** Mean pixel distance of samples to their nearest training image over that to their nearest test image. */
  memorisationRatio: number;
}

/** VAE only: measured on test images. */
export interface VaeTestScores {
  /** Test negative ELBO in nats per image under the run's own decoder likelihood and KL weight 1. */
  negativeElbo: number;
  reconstruction: number;
  kl: number;
  /** Latent units whose posterior mean varies across test images (Cov > 0.01, Burda et al. 2016). */
  activeUnits: number;
}

export interface EpochResult {
  epoch: number;
  /** Steps done since the start of the run (a GAN step counts its D and G updates once). */
  steps: number;
  /** Training time since the start of the run, steps only (evaluation excluded): what equal wall-clock compares. */
  trainSeconds: number;
  /** The epoch's mean training losses, e.g. { L_D, L_G } or { loss }. */
  losses: Record<string, number>;
  scores: SampleScores;
  vae?: VaeTestScores;
  /** Final epoch only: the first 32 scored samples as a PNG grid, base64, so the notebook can show what was scored. */
  sampleGrid?: string;
}

export interface RunResult {
  spec: RunSpec;
  /** Trainable parameters of all the run's networks. */
  parameters: number;
  epochs: EpochResult[];
  /** Set when the run stopped early on a NaN or infinite loss: the message, and epochs holds what came before. */
  diverged?: string;
}

export interface ComparisonResults {
  /** The command that produced this file. */
  command: string;
  fast: boolean;
  /** The backend line, e.g. 'wasm (SIMD, 1 thread)'. */
  backend: string;
  startedAt: string;
  finishedAt: string;
  runs: RunResult[];
}
