// The articles' faults that are not shape errors, made runnable: the same small GAN (L10, corrected to give 28×28×1
// and logits) trained briefly with the wrong labels, the wrong "real" data or the wrong pixel range.
import * as tf from '@tensorflow/tfjs';
import { batches, LabelledImages, PixelRange } from '../data';
import { bceFakeFromLogits, bceRealFromLogits, discriminatorLoss, GanLosses } from '../losses';
import { ClassCoverage, classCoverage, kthNearestDistances } from '../metrics';
import { mean, tfSeed } from '../maths';
import { evaluatorOutputsInChunks } from '../evaluator';
import { withSeed } from '../training';
import { GAN_DEFAULTS } from '../training';
import { ganStep } from '../training';
import { listing10Discriminator, listing10Generator } from './mlp-gans';

/**
 * 000 §5.2.1 (L2) as written: D's loss is BCE(1, D(G(z))), so D learns to call fakes real and never looks at a real
 * image; G's is BCE(0, D(G(z))), so G learns to look fake.
 */
export const listing2GanLosses: GanLosses = {
  discriminator: (_realLogits, fakeLogits) => tf.tidy(() => tf.mean(bceRealFromLogits(fakeLogits))),
  generator: (fakeLogits) => tf.tidy(() => tf.mean(bceFakeFromLogits(fakeLogits))),
};

/** 001 §5.2, 003 §5.2 (L5, L11): D's loss is right, but G's targets are "fake", so G helps D reject its samples. */
export const generatorTowardFakeLosses: GanLosses = {
  discriminator: discriminatorLoss,
  generator: (fakeLogits) => tf.tidy(() => tf.mean(bceFakeFromLogits(fakeLogits))),
};

/** Where "real" batches come from: a function returning a fresh [batch, 28, 28, 1] tensor the caller disposes. */
export type RealData = (batchSize: number) => tf.Tensor4D;

/** MNIST in the given pixel range, pass after pass in a seeded order. */
export function mnistRealData(set: LabelledImages, range: PixelRange, seed: number): RealData {
  let pass = 0;
  let current: Generator<{ images: tf.Tensor4D; labels: tf.Tensor1D }> | undefined;
  return (batchSize) => {
    for (;;) {
      current ??= batches(set, { batchSize, seed: seed + pass++, range });
      const next = current.next();
      if (next.done) {
        current = undefined;
        continue;
      }
      next.value.labels.dispose();
      if (next.value.images.shape[0] === batchSize) return next.value.images;
      next.value.images.dispose(); // a short last batch would change the batch size mid-run
    }
  };
}

/** 002 §3.2.3 and 004 §6.2 (L8, L13): "real" images drawn from N(0, 1), as the listings do; no digit in sight. */
export function gaussianNoiseRealData(seed: number): RealData {
  let step = 0;
  return (batchSize) => tf.randomNormal([batchSize, 28, 28, 1], 0, 1, 'float32', tfSeed(seed + step++)) as tf.Tensor4D;
}

/**
 * ‖∂L_D/∂x_real‖ for one batch: zero means the real images cannot influence training at all. The gradient is taken
 * with respect to real and fake images stacked together, so it exists even when the loss ignores the real half.
 */
export function realImageGradientNorm(
  losses: GanLosses,
  discriminator: tf.LayersModel,
  real: tf.Tensor4D,
  fake: tf.Tensor4D,
): number {
  return tf.tidy(() => {
    const count = real.shape[0];
    const gradient = tf.grad((both: tf.Tensor) => {
      const logits = discriminator.apply(both) as tf.Tensor;
      return losses.discriminator(logits.slice(0, count), logits.slice(count));
    })(tf.concat([real, fake]));
    return tf.norm(gradient.slice(0, count)).dataSync()[0];
  });
}

/** Measured on a fixed held-out batch and fixed noise, every few steps. */
export interface GanTrace {
  step: number[];
  /** Fraction of real images D scores as real (logit > 0). */
  realAccuracy: number[];
  /** Fraction of generated images D scores as fake (logit < 0). */
  fakeAccuracy: number[];
  /** Mean generated pixel; MNIST's is about −0.74 in [−1, 1] (mostly black background). */
  meanPixel: number[];
  /** Fraction of generated pixels below 0: none of the [0, 1] data's pixels are. */
  negativePixels: number[];
}

export interface GanRun {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  trace: GanTrace;
  /** 16 samples from the fixed noise after the last step, [16, 28, 28, 1], for the caller to show and dispose. */
  samples: tf.Tensor4D;
}

const LATENT_DIM = 100; // L10's z
const fixedNoise = (count: number) => tf.randomNormal([count, LATENT_DIM], 0, 1, 'float32', 7);

/**
 * Trains the corrected L10 GAN (100 → 128 → 128 → 784 → 28×28×1; 28×28×1 → 128 → logit) for `steps` GAN steps
 * (ganStep, with the given losses and the listings' detached fakes) with the DCGAN's Adam (GAN_DEFAULTS), one
 * optimiser per network. `seed` fixes the initial weights and the noise, so a run repeats.
 */
export function trainListingGan(options: {
  losses: GanLosses;
  realData: RealData;
  evaluationImages: tf.Tensor4D;
  steps: number;
  batchSize: number;
  traceEvery: number;
  seed: number;
}): GanRun {
  return withSeed(options.seed, () => trainSeeded(options));
}

function trainSeeded(options: Parameters<typeof trainListingGan>[0]): GanRun {
  const { losses, realData, evaluationImages, steps, batchSize, traceEvery } = options;
  const generator = listing10Generator('corrected');
  const discriminator = listing10Discriminator('corrected');
  const gan = { generator, discriminator, latentDim: LATENT_DIM };
  const adam = () => tf.train.adam(GAN_DEFAULTS.learningRate, GAN_DEFAULTS.adamBeta1);
  const optimizers = { generator: adam(), discriminator: adam() };
  const trace: GanTrace = { step: [], realAccuracy: [], fakeAccuracy: [], meanPixel: [], negativePixels: [] };
  const evaluationNoise = fixedNoise(evaluationImages.shape[0]);
  const record = (step: number) =>
    tf.tidy(() => {
      const fakes = generator.predict(evaluationNoise) as tf.Tensor;
      const realLogits = discriminator.predict(evaluationImages) as tf.Tensor;
      const fakeLogits = discriminator.predict(fakes) as tf.Tensor;
      trace.step.push(step);
      trace.realAccuracy.push(tf.mean(tf.greater(realLogits, 0).toFloat()).dataSync()[0]);
      trace.fakeAccuracy.push(tf.mean(tf.less(fakeLogits, 0).toFloat()).dataSync()[0]);
      trace.meanPixel.push(tf.mean(fakes).dataSync()[0]);
      trace.negativePixels.push(tf.mean(tf.less(fakes, 0).toFloat()).dataSync()[0]);
    });
  record(0);
  for (let step = 1; step <= steps; step++) {
    const real = realData(batchSize);
    ganStep(gan, optimizers, real, { losses, detachedFakes: true });
    real.dispose();
    if (step % traceEvery === 0 || step === steps) record(step);
  }
  const samples = tf.tidy(() => generator.predict(evaluationNoise.slice(0, 16)) as tf.Tensor4D);
  evaluationNoise.dispose();
  Object.values(optimizers).forEach((optimizer) => optimizer.dispose());
  return { generator, discriminator, trace, samples };
}

/**
 * A run's samples as the evaluator (chapter 04) takes them, in [0, 1]: from a run on [0, 1] data its negative pixels
 * are black (clipped to 0); from a run on [−1, 1] data (MNIST or noise), (x + 1)/2.
 */
export function samplesForEvaluator(samples: tf.Tensor4D, dataRange: PixelRange): tf.Tensor4D {
  return tf.tidy(() => (dataRange === 'unit' ? samples.clipByValue(0, 1) : samples.add(1).div(2)) as tf.Tensor4D);
}

/** A run's samples judged two ways: the evaluator's class verdict, and how far they are from real digits in pixels. */
export type SampleVerdict = ClassCoverage & {
  /** The mean Euclidean distance (pixels in [0, 1]) from each sample to the nearest of the real digits given. */
  nearestRealDistance: number;
};

/**
 * The verdict on `count` samples of a run's generator, drawn from fixed noise (seed 11). The evaluator's confidence
 * alone cannot tell a digit from a confident mistake on a blob, so each sample's distance to the nearest of
 * `realImages` (in [0, 1]) says whether it looks like any real digit at all.
 */
export function sampleVerdict(
  run: GanRun,
  evaluator: tf.Sequential,
  dataRange: PixelRange,
  count: number,
  realImages: tf.Tensor4D,
): SampleVerdict {
  const images = tf.tidy(() =>
    samplesForEvaluator(
      run.generator.predict(tf.randomNormal([count, LATENT_DIM], 0, 1, 'float32', 11)) as tf.Tensor4D,
      dataRange,
    ),
  );
  const { probabilities, features } = evaluatorOutputsInChunks(evaluator, images);
  const [samples, real] = [
    images.reshape([count, -1]) as tf.Tensor2D,
    realImages.reshape([realImages.shape[0], -1]) as tf.Tensor2D,
  ];
  try {
    return {
      ...classCoverage(probabilities),
      nearestRealDistance: mean(Array.from(kthNearestDistances(samples, real, 1))),
    };
  } finally {
    tf.dispose([images, probabilities, features, samples, real]);
  }
}
