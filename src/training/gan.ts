// Training a GAN (src/models/gan.ts), the DCGAN by default, in the shared loop: the step from steps.ts made repeatable
// by the run's seeds, D(x) and D(G(z)) for the progress line, and the evaluator's verdict on samples after each epoch.
import * as tf from '@tensorflow/tfjs';
import { batchRanges } from '../data';
import { tfSeed } from '../maths';
import { ClassCoverage, classCoverage } from '../metrics';
import { asImages, asModelInput, buildDcgan, buildMlpGan, Gan } from '../models';
import { imageGrid } from '../plots';
import { EVALUATOR_CHUNK, evaluatorOutputs, judgeDigits } from '../evaluator';
import { Trainer } from './loop';
import { withSeed } from './seeded';
import { definedOnly, GAN_DEFAULTS, GanSettings, trainerSettings, TrainingLength } from './settings';
import { ganStep } from './steps';

const PROBE_IMAGES = 16; // D(x) and D(G(z)) are measured on this many images per step: a few % of the step's cost

export interface GanTrainerOptions extends Partial<Omit<GanSettings, keyof TrainingLength>> {
  seed: number; // fixes the initial weights and the fixed noise; the loop's step seeds fix the rest
  /** The classifier of notebook 04, to judge samples after each epoch; without it, no sample metrics. */
  evaluator?: tf.Sequential;
  /** How many samples the evaluator judges after each epoch. */
  evaluationSamples?: number;
}

export type GanTrainer = Trainer & {
  gan: Gan;
  /** 64 latent vectors fixed by the seed: decoding them after each epoch shows the same digits evolve. */
  fixedNoise: tf.Tensor2D;
};

/** A Trainer for a GAN with an Adam optimiser per network; by default the DCGAN with the DCGAN paper's settings (GAN_DEFAULTS). */
export function ganTrainer(options: GanTrainerOptions): GanTrainer {
  const { seed, evaluator, evaluationSamples = 1000, ...chosen } = options;
  const fixedNoiseSeed = tfSeed(seed + 1); // refused before any network is built
  const { latentDim, architecture, learningRate, adamBeta1, generatorSteps } = {
    ...GAN_DEFAULTS,
    ...definedOnly(chosen),
  };
  const gan = withSeed(seed, () => (architecture === 'mlp' ? buildMlpGan(latentDim) : buildDcgan(latentDim)));
  const optimizers = {
    generator: tf.train.adam(learningRate, adamBeta1),
    discriminator: tf.train.adam(learningRate, adamBeta1),
  };
  return {
    kind: 'gan',
    settings: trainerSettings(
      { latentDim },
      { architecture, learningRate, adamBeta1, generatorSteps },
      { ...GAN_DEFAULTS },
    ),
    gan,
    fixedNoise: tf.randomNormal([64, latentDim], 0, 1, 'float32', fixedNoiseSeed),
    networks: { generator: gan.generator, discriminator: gan.discriminator },
    optimizers,
    range: 'signed',
    async step({ images }, stepSeed) {
      return withSeed(stepSeed, () => {
        const real = asModelInput(gan.discriminator, images);
        try {
          const losses = ganStep(gan, optimizers, real, { generatorSteps });
          const [dReal, dFake] = tf.tidy(() => {
            const probe = real.slice(0, Math.min(PROBE_IMAGES, real.shape[0]));
            const fakes = gan.generator.predict(tf.randomNormal([probe.shape[0], latentDim])) as tf.Tensor;
            const d = (x: tf.Tensor) => tf.sigmoid(gan.discriminator.predict(x) as tf.Tensor).mean();
            return [d(probe), d(fakes)];
          });
          const probes = { 'D(x)': dReal.dataSync()[0], 'D(G(z))': dFake.dataSync()[0] };
          tf.dispose([dReal, dFake]);
          return { L_D: losses.discriminator, L_G: losses.generator, ...probes };
        } finally {
          real.dispose();
        }
      });
    },
    async evaluate(): Promise<Record<string, number>> {
      if (!evaluator) return {};
      // Not judgeGenerator: noise drawn a chunk at a time is other noise than one draw of all of it, and the metrics
      // of the runs already recorded were measured on these samples.
      const coverage = withSeed(seed + 2, () => {
        const probabilities = tf.tidy(() =>
          tf.concat(
            batchRanges(evaluationSamples, EVALUATOR_CHUNK).map(({ size }) => {
              const { probabilities: p, features } = evaluatorOutputs(
                evaluator,
                toUnitRange(generate(gan, tf.randomNormal([size, latentDim]))),
              );
              features.dispose();
              return p;
            }),
          ),
        ) as tf.Tensor2D;
        const result = classCoverage(probabilities);
        probabilities.dispose();
        return result;
      });
      return { classEntropy: coverage.entropy, meanConfidence: coverage.meanConfidence };
    },
  };
}

/** The generator's images [n, 28, 28, 1] for latent vectors z, in inference mode (batch-norm moving statistics), in [-1, 1]. */
export function generate(gan: Gan, z: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => asImages(gan.generator.predict(z) as tf.Tensor));
}

/**
 * What the evaluator reads in `count` of the generator's samples (class shares, entropy, mean confidence), from noise
 * drawn in one piece with Math.random seeded by `seed`.
 */
export function judgeGenerator(gan: Gan, evaluator: tf.Sequential, count: number, seed: number): ClassCoverage {
  const images = withSeed(seed, () =>
    tf.tidy(() => toUnitRange(generate(gan, tf.randomNormal([count, gan.latentDim])))),
  );
  try {
    return judgeDigits(evaluator, images);
  } finally {
    images.dispose();
  }
}

/** Maps tanh images in [-1, 1] to [0, 1], the range of the evaluator and of image grids. */
export function toUnitRange(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => images.add(1).div(2));
}

/**
 * The 64 fixed-noise samples as a PNG grid of 8 × 8 digits: the picture a run of the GAN, or of one of chapter 08's
 * variants, saves after each epoch.
 */
export function fixedNoiseGrid(trainer: Pick<GanTrainer, 'gan' | 'fixedNoise'>): Uint8Array {
  return tf.tidy(() => imageGrid(toUnitRange(generate(trainer.gan, trainer.fixedNoise)), { columns: 8, scale: 2 }));
}
