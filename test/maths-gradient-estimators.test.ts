import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mean, pathwiseGradients, scoreFunctionGradients, standardError, variance } from '../src/maths';
import { withoutLeaks } from './support/leaks';

const setup = {
  f: (z: tf.Tensor) => tf.square(z), // E[z²] = μ² + σ², so d/dμ = 2μ
  mu: 1.5,
  sigma: 0.8,
  samplesPerEstimate: 10,
  estimates: 2000,
  seed: 3,
};

test('both estimators are unbiased for d/dμ E[z²] = 2μ', () => {
  for (const estimates of [pathwiseGradients(setup), scoreFunctionGradients(setup)]) {
    assert.equal(estimates.length, setup.estimates);
    assert.ok(Math.abs(mean(estimates) - 2 * setup.mu) < 4 * standardError(estimates));
  }
});

test('the pathwise estimate of a linear f is exact, the score-function one is not', () => {
  const linear = { ...setup, f: (z: tf.Tensor) => z.mul(3) };
  for (const g of pathwiseGradients(linear)) assert.ok(Math.abs(g - 3) < 1e-5);
  assert.ok(variance(scoreFunctionGradients(linear)) > 0.1);
});

test('the pathwise variance for z² is 4σ²/n, far below the score-function variance', () => {
  const pathwise = variance(pathwiseGradients(setup));
  const expected = (4 * setup.sigma ** 2) / setup.samplesPerEstimate;
  assert.ok(Math.abs(pathwise - expected) < 0.1 * expected, `${pathwise} vs ${expected}`);
  assert.ok(variance(scoreFunctionGradients(setup)) > 5 * pathwise);
});

test('the estimators leak no tensors', () => {
  withoutLeaks('pathwiseGradients', () => pathwiseGradients(setup));
  withoutLeaks('scoreFunctionGradients', () => scoreFunctionGradients(setup));
});
