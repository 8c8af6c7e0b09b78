// Held-out measures of a trained VAE. The negative ELBO over a test set is the VAE's own objective (Kingma & Welling
// 2013, https://arxiv.org/abs/1312.6114), an upper bound on −log p(x). Active latent units (Burda, Grosse &
// Salakhutdinov 2016, https://arxiv.org/abs/1509.00519, §5) count how many latent dimensions carry information:
// unit u is active when its posterior mean varies across images, Cov_x(E_q[z_u | x]) > 0.01. A collapsed posterior
// leaves none active.
import * as tf from '@tensorflow/tfjs';
import { forEachBatch } from '../data';
import { assertUnitPixels, gaussianKlToStandardNormal, Likelihood, reconstructionNll, reparameterise } from '../losses';
import { variance } from '../maths';

/** The encoder: the posterior q(z|x) = N(mu, diag exp(logVar)) for a batch of images. [batch, latentDim] each. */
export type Encode = (images: tf.Tensor) => { mu: tf.Tensor2D; logVar: tf.Tensor2D };
/** The decoder: logits, one per pixel, for a batch of latent codes (the Gaussian decoder's mean is σ(logits)). */
export type Decode = (z: tf.Tensor2D) => tf.Tensor;

export interface DatasetElbo {
  /** Mean over images of −ELBO = reconstruction + kl, in nats per image. */
  negativeElbo: number;
  /** Mean over images of −log p(x|z) for one z ~ q(z|x), in nats per image. */
  reconstruction: number;
  /** Mean over images of KL(q(z|x) ‖ N(0, I)), in nats per image. */
  kl: number;
}

/** Posterior-mean variance above which a latent unit counts as active (Burda et al. 2016). */
export const ACTIVE_UNIT_THRESHOLD = 0.01;

export interface ActiveUnits {
  /** The number of units whose posterior mean varies by more than ACTIVE_UNIT_THRESHOLD. */
  count: number;
  /** Per unit, the variance over images of the posterior mean E_q[z_u | x]. */
  meanVariances: number[];
}

/**
 * The negative ELBO over a set of images with pixels in [0, 1], one reparameterised sample per image, in batches of
 * batchSize, under the decoder's likelihood (Bernoulli unless given); the seed makes the sampled z repeatable.
 */
export function datasetNegativeElbo(
  encode: Encode,
  decode: Decode,
  images: tf.Tensor,
  options: { batchSize: number; seed: number; likelihood?: Likelihood },
): DatasetElbo {
  assertUnitPixels(images);
  let [reconstructionSum, klSum] = [0, 0];
  forEachBatch(images, options.batchSize, (batch, { index }) => {
    const [reconstruction, kl] = tf.tidy(() => {
      const { mu, logVar } = encode(batch);
      const logits = decode(reparameterise(mu, logVar, options.seed + index));
      if (logits.size !== batch.size) {
        throw new Error(`the decoder gave ${logits.size} logits for ${batch.size} pixels; it must give one per pixel.`);
      }
      return [
        reconstructionNll(batch, logits.reshape(batch.shape), options.likelihood).sum().dataSync()[0],
        gaussianKlToStandardNormal(mu, logVar).sum().dataSync()[0],
      ];
    });
    reconstructionSum += reconstruction;
    klSum += kl;
  });
  const n = images.shape[0];
  return { negativeElbo: (reconstructionSum + klSum) / n, reconstruction: reconstructionSum / n, kl: klSum / n };
}

/** Active latent units of the encoder over a set of images (at least 2), in batches of batchSize. */
export function activeUnits(encode: Encode, images: tf.Tensor, batchSize: number): ActiveUnits {
  if (images.shape[0] < 2) {
    throw new Error(`active units need the variance over at least 2 images, got ${images.shape[0]}.`);
  }
  const means: number[][] = [];
  forEachBatch(images, batchSize, (batch) => {
    means.push(...tf.tidy(() => encode(batch).mu.arraySync()));
  });
  const meanVariances = means[0].map((_, unit) => variance(means.map((row) => row[unit])));
  if (!meanVariances.every(Number.isFinite)) {
    throw new Error('the encoder gave NaN or ±Infinity means; check the model (a diverged run?).');
  }
  // Stryker disable next-line EqualityOperator: variances of float32 codes do not land on 0.01 exactly; "above" is Burda et al.'s word
  return { count: meanVariances.filter((v) => v > ACTIVE_UNIT_THRESHOLD).length, meanVariances };
}
