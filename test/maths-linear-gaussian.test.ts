import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  elbo, klDiagonalGaussians, linspace, logEvidence, logImportanceWeights, logJoint, logMeanExp, mean,
  standardError, trapezoid, truePosterior,
} from '../src/maths';

const close = (actual: number, expected: number, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not within ${tolerance} of ${expected}`);

const model = { w: [1.5, -0.5, 2], b: [0.2, 0, -1], noiseVariance: 0.4 };
const x = [1, 0.3, 0.5];
const asDiagonal = (g: { mean: number; variance: number }) => ({ mean: [g.mean], variance: [g.variance] });

test('log p(x) equals the log of ∫ p(x, z) dz computed on a grid', () => {
  const zs = linspace(-10, 10, 20001);
  close(logEvidence(model, x), Math.log(trapezoid(zs.map((z) => Math.exp(logJoint(model, x, z))), zs)), 1e-8);
});

test('the ELBO of the true posterior equals log p(x)', () => {
  close(elbo(model, x, truePosterior(model, x)), logEvidence(model, x), 1e-12);
});

test('log p(x) − ELBO(q) = KL(q ‖ p(z | x)) > 0 for other q', () => {
  const posterior = truePosterior(model, x);
  for (const q of [{ mean: 0, variance: 1 }, { mean: posterior.mean + 0.5, variance: posterior.variance },
    { mean: posterior.mean, variance: 3 * posterior.variance }]) {
    const gap = logEvidence(model, x) - elbo(model, x, q);
    assert.ok(gap > 0);
    close(gap, klDiagonalGaussians(asDiagonal(q), asDiagonal(posterior)), 1e-12);
  }
});

test('log importance weights: their mean estimates the ELBO, their log-mean-exp approaches log p(x)', () => {
  const q = { mean: 0, variance: 1 };
  const logWeights = logImportanceWeights(model, x, q, 20000, 5);
  assert.ok(Math.abs(mean(logWeights) - elbo(model, x, q)) < 4 * standardError(logWeights));
  assert.ok(logMeanExp(logWeights) > mean(logWeights)); // Jensen
  close(logMeanExp(logWeights), logEvidence(model, x), 0.05);
});

test('under the true posterior every log weight equals log p(x)', () => {
  for (const w of logImportanceWeights(model, x, truePosterior(model, x), 10, 1)) close(w, logEvidence(model, x), 1e-9);
});

test('logMeanExp is exact and does not overflow', () => {
  close(logMeanExp([Math.log(1), Math.log(3)]), Math.log(2), 1e-12);
  close(logMeanExp([1000, 1000]), 1000, 1e-12);
});
