import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Decode, Encode, datasetNegativeElbo, perImageNegativeElbo } from '../src/metrics';

const softplus = (a: number) => Math.log1p(Math.exp(a));
// Three 1 × 3 images with pixels in [0, 1].
const pixels = [
  [1, 0, 1],
  [0, 0, 0],
  [0.25, 0.5, 1],
];
const images = () => tf.tensor2d(pixels).reshape([3, 1, 3, 1]);
/** μ = 0.5 in one latent unit with log σ² = −30 (z ≈ μ). */
const sharpEncoder: Encode = (x) => ({
  mu: tf.fill([x.shape[0], 1], 0.5) as tf.Tensor2D,
  logVar: tf.fill([x.shape[0], 1], -30) as tf.Tensor2D,
});
/** Every pixel's logit is 2z. */
const doublingDecoder: Decode = (z) => z.mul(2).tile([1, 3]);
/** An encoder whose sampled z matters: μ = the image's mean pixel, log σ² = 0. */
const noisyEncoder: Encode = (x) => ({
  mu: x.reshape([x.shape[0], -1]).mean(1, true) as tf.Tensor2D,
  logVar: tf.zeros([x.shape[0], 1]) as tf.Tensor2D,
});

before(async () => {
  await tf.setBackend('cpu');
});

test('per-image negative ELBO by hand: 3·softplus(1) − Σ pixels + KL 14.625 for each image, no leaked tensors', () => {
  const x = images();
  const before = tf.memory().numTensors;
  const scores = perImageNegativeElbo(sharpEncoder, doublingDecoder, x, { batchSize: 2, seed: 1 });
  assert.equal(tf.memory().numTensors, before);
  const kl = 0.5 * (0.5 ** 2 - 1 + 30); // ½(μ² + σ² − 1 − log σ²) with σ² = e^−30 negligible
  pixels.forEach((row, i) => {
    // The logit is 2 · 0.5 = 1 at every pixel: −log p(x|z) = Σ softplus(1) − x·1.
    const expected = 3 * softplus(1) - row.reduce((a, b) => a + b, 0) + kl;
    assert.ok(Math.abs(scores[i] - expected) < 1e-4, `image ${i}: ${scores[i]} against ${expected}`);
  });
  x.dispose();
});

test('the per-image scores average to the dataset negative ELBO with the same seed and batches', () => {
  const x = images();
  const options = { batchSize: 2, seed: 9 };
  const scores = perImageNegativeElbo(noisyEncoder, doublingDecoder, x, options);
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  assert.ok(Math.abs(mean - datasetNegativeElbo(noisyEncoder, doublingDecoder, x, options).negativeElbo) < 1e-4);
  x.dispose();
});

test('a bad batch size is refused by name', () => {
  const x = images();
  assert.throws(
    () => perImageNegativeElbo(sharpEncoder, doublingDecoder, x, { batchSize: 0, seed: 1 }),
    /batchSize must be a positive whole number, got 0/,
  );
  x.dispose();
});

test('one image with a NaN score is an error that says what to check, even when the others are finite', () => {
  // The decoder's logits are NaN for the first image only.
  const nanFirst: Decode = (z) => tf.concat([tf.fill([1, 3], NaN), z.slice([1, 0], [z.shape[0] - 1, 1]).tile([1, 3])]);
  assert.throws(
    () => perImageNegativeElbo(sharpEncoder, nanFirst, images(), { batchSize: 3, seed: 1 }),
    /the VAE gave a NaN or infinite ELBO; check the model/,
  );
});
