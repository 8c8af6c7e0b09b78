import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Decode, Encode, datasetNegativeElbo, perImageNegativeElbo } from '../src/metrics';

const softplus = (a: number) => Math.log1p(Math.exp(a));
const pixels = [[0, 1, 1, 1], [1, 0, 0, 1], [0, 0, 1, 0], [1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5]];
const images = () => tf.tensor2d(pixels).reshape([5, 2, 2, 1]);
/** μ = (1, 0) with log σ² = −20 (z ≈ μ), and every pixel's logit z₁. */
const fixedEncoder: Encode = (x) => ({
  mu: tf.tensor2d([1, 0], [1, 2]).tile([x.shape[0], 1]) as tf.Tensor2D,
  logVar: tf.fill([x.shape[0], 2], -20) as tf.Tensor2D,
});
const firstUnitDecoder: Decode = (z) => z.slice([0, 0], [-1, 1]).tile([1, 4]);
/** An encoder whose sampled z matters: μ = mean pixel, log σ² = 0. */
const noisyEncoder: Encode = (x) => ({
  mu: x.reshape([x.shape[0], -1]).mean(1, true).tile([1, 2]) as tf.Tensor2D,
  logVar: tf.zeros([x.shape[0], 2]) as tf.Tensor2D,
});

before(async () => {
  await tf.setBackend('cpu');
});

test('per-image negative ELBO by hand: 4·softplus(1) − Σ pixels + KL 19.5 for each image, no leaked tensors', () => {
  const x = images();
  const before = tf.memory().numTensors;
  const scores = perImageNegativeElbo(fixedEncoder, firstUnitDecoder, x, { batchSize: 2, seed: 1 });
  assert.equal(tf.memory().numTensors, before);
  const kl = 0.5 * ((1 - 1 + 20) + (0 - 1 + 20));
  pixels.forEach((row, i) => {
    const expected = 4 * softplus(1) - row.reduce((a, b) => a + b, 0) + kl;
    assert.ok(Math.abs(scores[i] - expected) < 1e-4, `image ${i}: ${scores[i]} against ${expected}`);
  });
  x.dispose();
});

test('the per-image scores average to the dataset negative ELBO with the same seed and batches', () => {
  const x = images();
  const options = { batchSize: 2, seed: 9 };
  const scores = perImageNegativeElbo(noisyEncoder, firstUnitDecoder, x, options);
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  assert.ok(Math.abs(mean - datasetNegativeElbo(noisyEncoder, firstUnitDecoder, x, options).negativeElbo) < 1e-4);
  x.dispose();
});

test('a bad batch size is refused by name', () => {
  const x = images();
  assert.throws(() => perImageNegativeElbo(fixedEncoder, firstUnitDecoder, x, { batchSize: 0, seed: 1 }), /batchSize must be a positive whole number, got 0/);
  x.dispose();
});
