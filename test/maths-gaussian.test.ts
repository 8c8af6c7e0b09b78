import { test } from 'node:test';
import assert from 'node:assert/strict';
import { klDiagonalGaussians, logDiagonalGaussianDensity, monteCarloKl, standardNormal } from '../src/maths';
import { closeWithin } from './support/close';

const close = closeWithin(1e-9);

test('closed-form KL: N(1, 1) ‖ N(0, 1) is 0.5, identical Gaussians 0, and it is not symmetric', () => {
  close(klDiagonalGaussians({ mean: [1], variance: [1] }, standardNormal(1)), 0.5);
  const g = { mean: [0.3, -1], variance: [2, 0.5] };
  close(klDiagonalGaussians(g, g), 0);
  const narrow = { mean: [0], variance: [1] };
  const wide = { mean: [0], variance: [4] };
  close(klDiagonalGaussians(narrow, wide), 0.5 * (Math.log(4) + 0.25 - 1));
  close(klDiagonalGaussians(wide, narrow), 0.5 * (-Math.log(4) + 4 - 1));
});

test('the log-density of N(0, 1) at 0 is −½ log 2π', () => {
  close(logDiagonalGaussianDensity([0], standardNormal(1)), -0.5 * Math.log(2 * Math.PI));
});

test('the Monte-Carlo KL agrees with the closed form within 4 standard errors, and its error shrinks with n', () => {
  const q = { mean: [1, -0.5], variance: [0.3, 2] };
  const p = standardNormal(2);
  const exact = klDiagonalGaussians(q, p);
  const small = monteCarloKl(q, p, 1000, 1);
  const large = monteCarloKl(q, p, 100000, 1);
  assert.ok(Math.abs(large.estimate - exact) < 4 * large.standardError);
  close(large.standardError * Math.sqrt(100), small.standardError, 0.1 * small.standardError);
});
