// Training a VAE (src/models/vae.ts), the conv VAE by default, in the shared loop: the step from steps.ts made
// repeatable by the run's seeds, and the test negative ELBO after each epoch.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { binarise, binarisedImages, imagesToTensor, LabelledImages } from '../data';
import { bernoulliNllFromLogits, Likelihood, VaeLossOptions } from '../losses';
import { tfSeed } from '../maths';
import { datasetNegativeElbo, DatasetElbo } from '../metrics';
import { ImportanceSampledBound, importanceSampledBounds, ImportanceSamplingOptions } from '../metrics';
import { asImages, asModelInput, buildConvVae, buildMlpVae, Vae } from '../models';
import { imageGrid } from '../plots';
import {
  checkpointFile,
  disposeCheckpoint,
  likelihoodFile,
  numberSettings,
  readCheckpoint,
  setNetworkWeights,
  writeAtomically,
} from '../storage';
import { Trainer } from './loop';
import { withSeed } from './seeded';
import { definedOnly, trainerSettings, VAE_DEFAULTS, VaeSettings } from './settings';
import { vaeStep } from './steps';
import { firstImages } from './subset';

/** The VAE's settings (VAE_DEFAULTS where left out), its seed and test set; the loss options as vaeLoss takes them. */
export interface VaeTrainerOptions extends Partial<
  Pick<VaeSettings, 'architecture' | 'latentDim' | 'learningRate' | 'adamBeta1' | 'binarisation'>
> {
  seed: number;
  /** Test images for the negative ELBO after each epoch; without them, no test metrics. */
  test?: LabelledImages;
  /** The training loss's KL weight, reconstruction reduction and decoder likelihood; the test ELBO keeps weight 1. */
  loss?: VaeLossOptions;
}

export type VaeTrainer = Trainer & {
  vae: Vae;
  /** 64 codes from the prior, fixed by the seed: decoding them after each epoch shows the same samples evolve. */
  fixedPrior: tf.Tensor2D;
};

/**
 * A Trainer for a VAE with Adam that reports the negative ELBO (nats per image) of `test` after each epoch; by default
 * the conv VAE with VAE_DEFAULTS.
 */
export function vaeTrainer(options: VaeTrainerOptions): VaeTrainer {
  const { seed, test, loss = {}, ...chosen } = options;
  const fixedPriorSeed = tfSeed(seed + 1); // refused before any network is built
  const { latentDim, architecture, learningRate, adamBeta1, binarisation, klWeight, reconstruction, likelihood } = {
    ...VAE_DEFAULTS,
    ...definedOnly(chosen),
    ...definedOnly(loss),
  };
  const vae = withSeed(seed, () => (architecture === 'mlp' ? buildMlpVae(latentDim) : buildConvVae(latentDim)));
  const optimizer = tf.train.adam(learningRate, adamBeta1);
  const settings = trainerSettings(
    { latentDim },
    { architecture, learningRate, adamBeta1, klWeight, reconstruction, likelihood, binarisation },
    { ...VAE_DEFAULTS },
  );
  const lossName = klWeight === 1 && reconstruction === 'sum' ? 'negElbo' : 'loss'; // other weightings are no ELBO
  return {
    kind: 'vae',
    settings,
    vae,
    fixedPrior: tf.randomNormal([64, latentDim], 0, 1, 'float32', fixedPriorSeed),
    networks: { encoder: vae.encoder, decoder: vae.decoder },
    optimizers: { vae: optimizer },
    range: 'unit',
    async step({ images }, stepSeed) {
      // The step's seed also fixes its binarisation, so a resumed run redraws exactly the binary batches it would have.
      const pixels = binarisation === 'dynamic' ? binarise(images, stepSeed) : images;
      const x = asModelInput(vae.encoder, pixels);
      try {
        return {
          [lossName]: withSeed(stepSeed, () => vaeStep(vae, optimizer, x, { klWeight, reconstruction, likelihood })),
        };
      } finally {
        x.dispose();
        if (pixels !== images) pixels.dispose();
      }
    },
    async evaluate(): Promise<Record<string, number>> {
      if (!test) return {};
      const images =
        binarisation === 'dynamic'
          ? binarisedImages(test)
          : imagesToTensor(
              test,
              Array.from({ length: test.count }, (_, i) => i),
              'unit',
            );
      const elbo = vaeNegativeElbo(vae, images, { seed: seed + 1, likelihood });
      images.dispose();
      return { testNegElbo: elbo.negativeElbo, testReconstruction: elbo.reconstruction, testKl: elbo.kl };
    },
  };
}

/** The posterior q(z|x) = N(mu, diag exp(logVar)) of each image, in inference mode; images flattened for an MLP. */
export function encode(vae: Vae, images: tf.Tensor): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
  const [mu, logVar] = tf.tidy(() => vae.encoder.predict(asModelInput(vae.encoder, images)) as tf.Tensor2D[]);
  return { mu, logVar };
}

/** The negative ELBO (KL weight 1) of `vae` on images in [0, 1], in batches of 500, one z per image fixed by `seed`. */
export function vaeNegativeElbo(
  vae: Vae,
  images: tf.Tensor,
  options: { seed: number; likelihood?: Likelihood },
): DatasetElbo {
  return datasetNegativeElbo(
    (x) => encode(vae, x),
    (z) => vae.decoder.predict(z) as tf.Tensor,
    images,
    { batchSize: 500, ...options },
  );
}

/**
 * The importance-weighted bounds L_k on log p(x) of a Bernoulli VAE for binary images (src/metrics/iwae.ts): with
 * k = 5,000 the usual estimate of the test log-likelihood, in nats per image.
 */
export async function vaeImportanceSampledBounds(
  vae: Vae,
  images: tf.Tensor,
  options: ImportanceSamplingOptions,
): Promise<ImportanceSampledBound[]> {
  const notBinary = tf.tidy(() => images.notEqual(0).logicalAnd(images.notEqual(1)).any().dataSync()[0]);
  if (notBinary) {
    throw new Error(
      'the images are not binary: a Bernoulli decoder gives grey pixels no probability, so log p(x) ' +
        'would not be a log-likelihood. Binarise them first (binarisedImages).',
    );
  }
  const logLikelihood = (image: tf.Tensor, z: tf.Tensor2D) =>
    tf.tidy(() => {
      const x = tf.tile(image, [z.shape[0], ...image.shape.slice(1).map(() => 1)]);
      return bernoulliNllFromLogits(x, (vae.decoder.predict(z) as tf.Tensor).reshape(x.shape)).neg() as tf.Tensor1D;
    });
  return importanceSampledBounds((x) => encode(vae, x), logLikelihood, images, options);
}

/** The k of the bounds reported from `samples` draws per image: 1, 10, 100, … (those that divide it), and `samples`. */
export function boundKs(samples: number): number[] {
  const ks: number[] = [];
  for (let k = 1; k < samples; k *= 10) if (samples % k === 0) ks.push(k);
  return [...ks, samples];
}

/** Which test log-likelihood estimate: the first `images` test digits, binarised once, `samples` draws of z each. */
export interface LikelihoodSettings {
  images: number;
  samples: number;
  seed: number;
}

/** The full settings: k = 5,000 as in Burda et al. (2015), on the first 1,000 test digits (all 10,000 take hours here). */
export const FULL_LIKELIHOOD_SETTINGS: LikelihoodSettings = { images: 1000, samples: 5000, seed: 1 };

/** A run's test log-likelihood estimate, saved as iwae.json in its folder. */
export interface LikelihoodEstimate extends LikelihoodSettings {
  /** The epochs and steps the evaluated checkpoint had trained (a checkpoint written inside an epoch has more steps). */
  epochs: number;
  steps: number;
  seconds: number;
  bounds: { k: number; mean: number; standardError: number; perImage: number[] }[];
}

/**
 * The importance-weighted bounds of the VAE in `runDir`, as trained so far, on the first test digits binarised once:
 * read from the run's iwae.json when it holds these settings for this checkpoint, else computed and saved there.
 */
export async function runLikelihood(
  runDir: string,
  vae: Vae,
  trained: { epochs: number; steps: number },
  test: LabelledImages,
  settings: LikelihoodSettings,
  onProgress?: (imagesDone: number, imagesTotal: number) => void,
): Promise<LikelihoodEstimate & { loaded: boolean }> {
  const file = likelihoodFile(runDir);
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as LikelihoodEstimate;
    const same =
      saved.epochs === trained.epochs &&
      saved.steps === trained.steps &&
      saved.images === settings.images &&
      saved.samples === settings.samples &&
      saved.seed === settings.seed;
    if (same) return { ...saved, loaded: true };
  }
  if (settings.images > test.count)
    throw new RangeError(`asked for ${settings.images} test images; the test set has ${test.count}.`);
  const started = performance.now();
  const images = binarisedImages(firstImages(test, settings.images));
  try {
    const bounds = await vaeImportanceSampledBounds(vae, images, {
      samples: settings.samples,
      ks: boundKs(settings.samples),
      seed: settings.seed,
      onProgress,
    });
    const estimate: LikelihoodEstimate = {
      ...settings,
      ...trained,
      seconds: (performance.now() - started) / 1000,
      bounds: bounds.map(({ k, mean, standardError, perImage }) => ({
        k,
        mean,
        standardError,
        perImage: Array.from(perImage),
      })),
    };
    writeAtomically(file, JSON.stringify(estimate) + '\n');
    return { ...estimate, loaded: false };
  } finally {
    images.dispose();
  }
}

/** The decoder's means σ(logits) for latent codes z, as images [n, 28, 28, 1] in [0, 1]. */
export function decodeMeans(vae: Vae, z: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => asImages(tf.sigmoid(vae.decoder.predict(z) as tf.Tensor)));
}

/** The decoded fixed prior codes as a PNG grid of 8 × 8 digits: the picture a run saves after each epoch. */
export function fixedPriorGrid(trainer: VaeTrainer): Uint8Array {
  return tf.tidy(() => imageGrid(decodeMeans(trainer.vae, trainer.fixedPrior), { columns: 8, scale: 2 }));
}

/** The convolutional VAE saved in run folder `runDir` (by notebook 06 or the CLI), and the epochs and steps it trained. */
export function loadVae(runDir: string): { vae: Vae; epochs: number; steps: number } {
  const file = checkpointFile(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${runDir} holds no trained VAE (no ${file}). Train one with notebook 06 or ` +
        `\`genlab train vae --out=${runDir}\`.`,
    );
  }
  const checkpoint = readCheckpoint(file);
  try {
    if (checkpoint.kind !== 'vae' || checkpoint.settings.architecture === 'mlp') {
      throw new Error(`${file} holds a ${checkpoint.kind} run, not a convolutional VAE.`);
    }
    const vae = buildConvVae(numberSettings(checkpoint.settings, ['latentDim'], file).latentDim);
    setNetworkWeights(vae.encoder, checkpoint.networks.encoder ?? [], `${file} (encoder)`);
    setNetworkWeights(vae.decoder, checkpoint.networks.decoder ?? [], `${file} (decoder)`);
    return { vae, epochs: checkpoint.epoch, steps: checkpoint.step };
  } finally {
    disposeCheckpoint(checkpoint);
  }
}
