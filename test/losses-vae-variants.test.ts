// The VAE loss variants of the GAN-versus-VAE chapter, against numbers worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gaussianNllFromLogits, negativeElbo, reconstructionNll, vaeLoss } from '../src/losses';
import { datasetNegativeElbo } from '../src/metrics';
import { closeWithin } from './support/close';

const close = closeWithin(1e-5);
const value = (t: tf.Tensor) => t.dataSync()[0];
const logit = (p: number) => Math.log(p / (1 - p));
const LN_2PI = Math.log(2 * Math.PI);

// Two images of two pixels, decoded at logit 0 (x̂ = 0.5); posteriors N(1, 1) and N(0, 1), so KL = 0.5 and 0.
const batch = () => ({
  x: tf.tensor2d([
    [0, 1],
    [1, 1],
  ]),
  logits: tf.zeros([2, 2]),
  mu: tf.tensor2d([[1], [0]]),
  logVar: tf.zeros([2, 1]) as tf.Tensor2D,
});

test('Gaussian NLL with σ² = 1: ½ Σ (x − σ(logit))² + ½·D·ln 2π per image', () => {
  const nll = gaussianNllFromLogits(
    tf.tensor2d([
      [0, 1],
      [1, 1],
    ]),
    tf.tensor2d([
      [0, logit(0.8)],
      [0, 0],
    ]),
  );
  close(nll.dataSync()[0], 0.5 * (0.25 + 0.04) + LN_2PI);
  close(nll.dataSync()[1], 0.5 * (0.25 + 0.25) + LN_2PI);
});

test('reconstructionNll picks the likelihood, Bernoulli by default', () => {
  const x = tf.tensor2d([[0, 1]]);
  const logits = tf.tensor2d([[0, 0]]);
  close(value(reconstructionNll(x, logits)), 2 * Math.log(2));
  close(value(reconstructionNll(x, logits, 'gaussian')), 0.25 + LN_2PI);
});

test("vaeLoss with its defaults is the negative ELBO, and klWeight is negativeElbo's β", () => {
  const { x, logits, mu, logVar } = batch();
  assert.equal(value(vaeLoss(x, logits, mu, logVar)), value(negativeElbo(x, logits, mu, logVar)));
  close(value(vaeLoss(x, logits, mu, logVar, { klWeight: 4 })), 2 * Math.log(2) + 1);
});

test("'mean' divides the reconstruction term by the pixels, not the KL: ln 2 + 0.25 instead of 2 ln 2 + 0.25", () => {
  const { x, logits, mu, logVar } = batch();
  close(value(vaeLoss(x, logits, mu, logVar, { reconstruction: 'mean' })), Math.log(2) + 0.25);
  close(value(vaeLoss(x, logits, mu, logVar, { reconstruction: 'mean', klWeight: 4 })), Math.log(2) + 1);
});

test('the Gaussian loss, summed and averaged over pixels, with the KL added per image', () => {
  const { x, logits, mu, logVar } = batch();
  const perImage = 0.5 * 0.5 + LN_2PI; // ½ (0.25 + 0.25) + ½·2·ln 2π
  close(value(vaeLoss(x, logits, mu, logVar, { likelihood: 'gaussian' })), perImage + 0.25);
  close(value(vaeLoss(x, logits, mu, logVar, { likelihood: 'gaussian', reconstruction: 'mean' })), perImage / 2 + 0.25);
});

test('datasetNegativeElbo under a Gaussian decoder: squared error to σ(1) plus 2 ln 2π per 2 × 2 image', () => {
  const pixels = [
    [0, 1, 1, 1],
    [1, 0, 0, 1],
  ];
  const images = tf.tensor2d(pixels).reshape([2, 2, 2, 1]);
  const encode = (x: tf.Tensor) => ({
    mu: tf.tensor2d([1, 0], [1, 2]).tile([x.shape[0], 1]) as tf.Tensor2D,
    logVar: tf.fill([x.shape[0], 2], -20) as tf.Tensor2D, // z ≈ μ
  });
  const decode = (z: tf.Tensor2D) => z.slice([0, 0], [-1, 1]).tile([1, 4]); // every logit is z₁ = 1
  const result = datasetNegativeElbo(encode, decode, images, { batchSize: 1, seed: 1, likelihood: 'gaussian' });
  const mean = 1 / (1 + Math.exp(-1));
  const perImage = pixels.map((row) => 0.5 * row.reduce((sum, p) => sum + (p - mean) ** 2, 0) + 2 * LN_2PI);
  close(result.reconstruction, (perImage[0] + perImage[1]) / 2, 1e-4);
  close(result.kl, 0.5 * (1 - 1 + 20 + (0 - 1 + 20)), 1e-4);
});
