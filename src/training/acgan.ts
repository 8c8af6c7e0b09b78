// Training the AC-GAN (Odena et al. 2017, https://arxiv.org/abs/1610.09585) in the shared loop, and asking it for
// digits: D learns to tell real from fake and to name the digit of both; G is asked for the digit of each real image
// of the batch (so the digits come in the data's proportions) and learns to fool D and to be named as asked.
import * as tf from '@tensorflow/tfjs';
import { bceFakeFromLogits, bceRealFromLogits } from '../losses';
import { tfSeed } from '../maths';
import { AcGan, buildAcGan, digitCodes, DIGITS } from '../models';
import { imageGrid } from '../plots';
import { evaluatorOutputsInChunks } from '../evaluator';
import { Trainer } from './loop';
import { withSeed } from './seeded';
import { ACGAN_DEFAULTS, trainerSettings } from './settings';
import { adversarialStep } from './steps';

export interface AcGanTrainerOptions {
  latentDim?: number;
  seed: number;
  evaluator?: tf.Sequential;
  /** Samples per digit that the evaluator reads after each epoch. */
  samplesPerDigit?: number;
}

export type AcGanTrainer = Trainer & { acgan: AcGan; fixedNoise: tf.Tensor2D };

export function acganTrainer(options: AcGanTrainerOptions): AcGanTrainer {
  const { latentDim = ACGAN_DEFAULTS.latentDim, seed, evaluator, samplesPerDigit = 100 } = options;
  const { learningRate, adamBeta1 } = ACGAN_DEFAULTS;
  const fixedNoiseSeed = tfSeed(seed + 1); // refused before any network is built
  const acgan = withSeed(seed, () => buildAcGan(latentDim));
  const optimizers = {
    generator: tf.train.adam(learningRate, adamBeta1),
    discriminator: tf.train.adam(learningRate, adamBeta1),
  };
  const judge = (x: tf.Tensor) => acgan.discriminator.apply(x, { training: true }) as tf.Tensor[];
  const classLoss = (logits: tf.Tensor, codes: tf.Tensor) => tf.losses.softmaxCrossEntropy(codes, logits);
  return {
    kind: 'acgan',
    settings: trainerSettings({ latentDim }, {}, {}),
    acgan,
    // 10 noise vectors, each drawn as every digit: the grid's rows are the digits, its columns the same z.
    fixedNoise: tf.tidy(
      () => tf.tile(tf.randomNormal([DIGITS, latentDim], 0, 1, 'float32', fixedNoiseSeed), [DIGITS, 1]) as tf.Tensor2D,
    ),
    networks: { generator: acgan.generator, discriminator: acgan.discriminator },
    optimizers,
    range: 'signed',
    async step({ images, labels }, seedOfStep) {
      return withSeed(seedOfStep, () => {
        const n = images.shape[0];
        const [real, codes] = tf.tidy(() => [images.reshape([n, 784]), tf.oneHot(labels, DIGITS).toFloat()]);
        const fakes = () =>
          acgan.generator.apply([tf.randomNormal([n, latentDim]), codes], { training: true }) as tf.Tensor;
        let classAccuracy = 0;
        try {
          // The GAN's step with the class term added to both losses (the digit asked for, read back by D).
          const losses = adversarialStep(acgan, optimizers, {
            discriminator: () => {
              const [realSource, realClasses] = judge(real);
              const [fakeSource, fakeClasses] = judge(fakes());
              classAccuracy = tf.mean(tf.equal(tf.argMax(realClasses, 1), labels).toFloat()).dataSync()[0];
              return tf.addN([
                tf.mean(bceRealFromLogits(realSource)),
                tf.mean(bceFakeFromLogits(fakeSource)),
                classLoss(realClasses, codes),
                classLoss(fakeClasses, codes),
              ]) as tf.Scalar;
            },
            generator: () => {
              const [source, classes] = judge(fakes());
              return tf.add(tf.mean(bceRealFromLogits(source)), classLoss(classes, codes)) as tf.Scalar;
            },
          });
          return { L_D: losses.discriminator, L_G: losses.generator, 'D class acc': classAccuracy };
        } finally {
          tf.dispose([real, codes]);
        }
      });
    },
    async evaluate(): Promise<Record<string, number>> {
      if (!evaluator) return {};
      const { perDigit } = conditionalAccuracy(acgan, evaluator, samplesPerDigit, seed + 2);
      return { conditionalAccuracy: mean(perDigit), lowestDigitAccuracy: Math.min(...perDigit) };
    },
  };
}

/** Images in [0, 1] [n, 28, 28, 1] of the digits asked for, one per entry of `digits`, from noise `z` [n, latentDim]. */
export function drawDigits(acgan: AcGan, digits: number[], z: tf.Tensor2D): tf.Tensor4D {
  if (z.shape[0] !== digits.length)
    throw new RangeError(`got ${z.shape[0]} noise vectors for ${digits.length} digits; give one per digit.`);
  const codes = digitCodes(digits);
  try {
    return tf.tidy(
      () =>
        (acgan.generator.predict([z, codes]) as tf.Tensor)
          .add(1)
          .div(2)
          .reshape([digits.length, 28, 28, 1]) as tf.Tensor4D,
    );
  } finally {
    codes.dispose();
  }
}

export interface ConditionalAccuracy {
  /** For each digit 0–9, the share of its samples that the evaluator reads as that digit. */
  perDigit: number[];
  samplesPerDigit: number;
}

/** `samplesPerDigit` samples of each digit, read by the evaluator: how often it names the digit that was asked for. */
export function conditionalAccuracy(
  acgan: AcGan,
  evaluator: tf.Sequential,
  samplesPerDigit: number,
  seed: number,
): ConditionalAccuracy {
  const digits = Array.from({ length: DIGITS * samplesPerDigit }, (_, i) => Math.floor(i / samplesPerDigit));
  const z = tf.randomNormal([digits.length, acgan.latentDim], 0, 1, 'float32', tfSeed(seed)) as tf.Tensor2D;
  const images = drawDigits(acgan, digits, z);
  const { probabilities, features } = evaluatorOutputsInChunks(evaluator, images);
  const predicted = tf.tidy(() => probabilities.argMax(1).dataSync());
  tf.dispose([z, images, probabilities, features]);
  const perDigit = Array.from(
    { length: DIGITS },
    (_, d) => digits.filter((digit, i) => digit === d && predicted[i] === d).length / samplesPerDigit,
  );
  return { perDigit, samplesPerDigit };
}

/** The fixed-noise grid: row d holds digit d drawn from the same 10 noise vectors. [100, 28, 28, 1] in [0, 1] */
export function digitRows(trainer: AcGanTrainer): tf.Tensor4D {
  const digits = Array.from({ length: DIGITS * DIGITS }, (_, i) => Math.floor(i / DIGITS));
  return drawDigits(trainer.acgan, digits, trainer.fixedNoise);
}

/** digitRows as a PNG of 10 × 10 digits. */
export function digitRowsGrid(trainer: AcGanTrainer): Uint8Array {
  return tf.tidy(() => imageGrid(digitRows(trainer), { columns: DIGITS, scale: 2 }));
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
