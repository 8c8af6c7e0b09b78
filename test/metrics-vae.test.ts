import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Decode, Encode, activeUnits, datasetNegativeElbo } from '../src/metrics';
import { closeWithin } from './support/close';

const close = closeWithin(1e-4);
const softplus = (a: number) => Math.log1p(Math.exp(a));

// Five 2 × 2 images with pixels in [0, 1].
const pixels = [
  [0, 1, 1, 1],
  [1, 0, 0, 1],
  [0, 0, 1, 0],
  [1, 1, 0, 0],
  [0.5, 0.5, 0.5, 0.5],
];
const images = () => tf.tensor2d(pixels).reshape([5, 2, 2, 1]);

/** μ = (1, 0) for every image with a tiny variance (log σ² = −20), so z ≈ μ. */
const fixedEncoder: Encode = (x) => ({
  mu: tf.tensor2d([1, 0], [1, 2]).tile([x.shape[0], 1]) as tf.Tensor2D,
  logVar: tf.fill([x.shape[0], 2], -20) as tf.Tensor2D,
});
/** Every pixel's logit is z₁, as a [batch, 4] matrix (flat on purpose: the metric reshapes it to the images). */
const firstUnitDecoder: Decode = (z) => z.slice([0, 0], [-1, 1]).tile([1, 4]);

before(async () => {
  await tf.setBackend('cpu');
});

test('negative ELBO by hand: logit 1 per pixel and KL ½ Σ(σ² + μ² − 1 − log σ²) = 19.5, in batches of 2, no leaks', () => {
  const x = images();
  const before = tf.memory().numTensors;
  const result = datasetNegativeElbo(fixedEncoder, firstUnitDecoder, x, { batchSize: 2, seed: 1 });
  assert.equal(tf.memory().numTensors, before);
  // −log p(x|z) = Σ_pixels softplus(a) − x·a with a = 1: 4 softplus(1) minus the image's pixel sum (10 over 5 images).
  const reconstruction = 4 * softplus(1) - 10 / 5;
  const kl = 0.5 * (1 - 1 + 20 + (0 - 1 + 20)); // μ² − 1 − log σ² per unit; σ² = e^−20 is negligible
  close(result.reconstruction, reconstruction);
  close(result.kl, kl);
  close(result.negativeElbo, reconstruction + kl);
});

test('batching leaves the exact KL term unchanged, and the same seed repeats the whole estimate', () => {
  // With log σ² = 0 the sampled z matters, and batching changes the samples; the KL term does not depend on them.
  const noisyEncoder: Encode = (x) => ({
    mu: x.reshape([x.shape[0], 4]).slice([0, 0], [-1, 2]) as tf.Tensor2D,
    logVar: tf.zeros([x.shape[0], 2]),
  });
  const x = images();
  const whole = datasetNegativeElbo(noisyEncoder, firstUnitDecoder, x, { batchSize: 5, seed: 3 });
  const batched = datasetNegativeElbo(noisyEncoder, firstUnitDecoder, x, { batchSize: 3, seed: 3 });
  close(whole.kl, (0.5 * (1 + 1 + 0 + 2 + 0.5)) / 5); // ½ Σ μ² over the first two pixels, per image
  close(batched.kl, whole.kl);
  assert.deepEqual(datasetNegativeElbo(noisyEncoder, firstUnitDecoder, x, { batchSize: 3, seed: 3 }), batched);
});

test('an encoder whose means vary in 3 of 5 units has 3 active units, in batches of 2, no leaks', () => {
  // Each pixel of the five images has sample variance 0.25 (n − 1 = 4). μ = x·W + b: units 0, 2 and 4 copy pixels
  // 0, 2 and 3; unit 1 is 0.15 × pixel 1, with variance 0.15² × 0.25 ≈ 0.0056, below 0.01; unit 3 is constant.
  const weights = tf.tensor2d([
    [1, 0, 0, 0, 0],
    [0, 0.15, 0, 0, 0],
    [0, 0, 1, 0, 0],
    [0, 0, 0, 0, 1],
  ]);
  const bias = tf.tensor1d([0, 0, 0, 0.7, 0]);
  const encoder: Encode = (x) => ({
    mu: x.reshape([x.shape[0], 4]).matMul(weights).add(bias) as tf.Tensor2D,
    logVar: tf.zeros([x.shape[0], 5]),
  });
  const x = images();
  const before = tf.memory().numTensors;
  const result = activeUnits(encoder, x, 2);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(result.count, 3);
  [0.25, 0.15 ** 2 * 0.25, 0.25, 0, 0.25].forEach((expected, unit) =>
    close(result.meanVariances[unit], expected, 1e-6),
  );
});

test('bad input: [−1, 1] pixels, a decoder with the wrong number of logits, a batch size of 0, one image', () => {
  const x = images();
  const signed = x.mul(2).sub(1);
  assert.throws(
    () => datasetNegativeElbo(fixedEncoder, firstUnitDecoder, signed, { batchSize: 2, seed: 1 }),
    /pixels from -1 to 1, but the Bernoulli likelihood needs them in \[0, 1\]/,
  );
  const before = tf.memory().numTensors;
  assert.throws(
    () => datasetNegativeElbo(fixedEncoder, (z) => z, x, { batchSize: 2, seed: 1 }),
    /gave 4 logits for 8 pixels/,
  );
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => activeUnits(fixedEncoder, x, 0), /batchSize must be a positive whole number, got 0/);
  assert.throws(() => activeUnits(fixedEncoder, x.slice(0, 1), 2), /at least 2 images, got 1/);
});

test('active units: two images are enough, and a NaN mean in one unit is an error', () => {
  const two = images().slice(0, 2);
  assert.equal(
    activeUnits(fixedEncoder, two, 2).meanVariances.length,
    tf.tidy(() => fixedEncoder(two).mu.shape[1]),
  );
  const nanInUnit0: Encode = (x) => {
    const { mu, logVar } = fixedEncoder(x);
    return { mu: tf.concat([tf.fill([x.shape[0], 1], NaN), mu.slice([0, 1], [-1, -1])], 1) as tf.Tensor2D, logVar };
  };
  assert.throws(() => activeUnits(nanInUnit0, images(), 2), /the encoder gave NaN or ±Infinity means; check the model/);
});
