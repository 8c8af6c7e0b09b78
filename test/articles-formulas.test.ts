import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gaussianKlToStandardNormal } from '../src/losses';
import {
  article002Kl,
  article003DiscriminatorLoss,
  article003GeneratorLoss,
  article003Kl,
  descendPenalty,
  klSubtracted,
  LatentPenalty,
} from '../src/articles';
import { closeWithin } from './support/close';
import { withoutLeaks } from './support/leaks';

const close = closeWithin(1e-5);

/** The penalty of one 1-D latent at (μ, σ). */
const at = (penalty: LatentPenalty, mu: number, sigma: number) =>
  penalty(tf.tensor2d([[mu]]), tf.tensor2d([[2 * Math.log(sigma)]])).dataSync()[0];

test('003 §4.1.3 as written gives 0.325 and 0.230 instead of 0.211 and 2.303', () => {
  close(article003DiscriminatorLoss(0.9, 0.1), 0.3251, 1e-4);
  close(article003GeneratorLoss(0.1), 0.2303, 1e-4);
});

test("003's KL is −1 at μ = 0, σ = 1, 0.333 at (2, 1) and −5 at (−2, 1); the true KL is 0, 2 and 2", () => {
  close(at(article003Kl, 0, 1), -1);
  close(at(article003Kl, 2, 1), 1 / 3);
  close(at(article003Kl, -2, 1), -5);
  close(at(gaussianKlToStandardNormal, 2, 1), 2);
});

test('the subtracted KL is the negative KL', () => {
  close(at(klSubtracted, 1, 1), -0.5);
});

test("002's 'KL' is a data log-density with normaliser 1/(2πσ²): −log 2π at x = μ, σ = 1", () => {
  close(at(article002Kl(0.5), 0.5, 1), -Math.log(2 * Math.PI));
  close(at(article002Kl(0.5), 1.5, 2), -Math.log(8 * Math.PI) - 1 / 8);
});

test('gradient descent on the true KL approaches 0; on the subtracted KL it runs off below zero', () => {
  const start = { mu: 0.5, logVar: 0.4 };
  const correct = withoutLeaks('descendPenalty', () => descendPenalty(gaussianKlToStandardNormal, start, 200, 0.1));
  assert.equal(correct.value.length, 201);
  assert.ok(Math.abs(correct.value[200]) < 1e-6); // float32 rounding can leave it a hair below 0
  const subtracted = descendPenalty(klSubtracted, start, 40, 0.1);
  assert.ok(subtracted.value[subtracted.value.length - 1] < -100);
  assert.ok(subtracted.mu[subtracted.mu.length - 1] > 10 * start.mu);
});
