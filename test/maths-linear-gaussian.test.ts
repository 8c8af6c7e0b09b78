import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  elbo,
  klDiagonalGaussians,
  linspace,
  logEvidence,
  logImportanceWeights,
  logJoint,
  logMeanExp,
  mean,
  normalRng,
  standardError,
  trapezoid,
  truePosterior,
} from '../src/maths';
import { closeWithin } from './support/close';

const close = closeWithin(1e-9);

const model = { w: [1.5, -0.5, 2], b: [0.2, 0, -1], noiseVariance: 0.4 };
const x = [1, 0.3, 0.5];
const asDiagonal = (g: { mean: number; variance: number }) => ({ mean: [g.mean], variance: [g.variance] });

test('log p(x) equals the log of ∫ p(x, z) dz computed on a grid', () => {
  const zs = linspace(-10, 10, 20001);
  close(
    logEvidence(model, x),
    Math.log(
      trapezoid(
        zs.map((z) => Math.exp(logJoint(model, x, z))),
        zs,
      ),
    ),
    1e-8,
  );
});

test('the ELBO of the true posterior equals log p(x)', () => {
  close(elbo(model, x, truePosterior(model, x)), logEvidence(model, x), 1e-12);
});

test('log p(x) − ELBO(q) = KL(q ‖ p(z | x)) > 0 for other q', () => {
  const posterior = truePosterior(model, x);
  for (const q of [
    { mean: 0, variance: 1 },
    { mean: posterior.mean + 0.5, variance: posterior.variance },
    { mean: posterior.mean, variance: 3 * posterior.variance },
  ]) {
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

// Values worked by hand, so that a change of the model's parameterisation (the sign of the residual x − b, a
// misplaced variance) cannot hide behind the identities above, which hold for any model.
test('by hand, one dimension: w = 2, b = 1, s² = 1, x = 3, so x ~ N(1, 5) and p(z | x) = N(0.8, 0.2)', () => {
  const oneD = { w: [2], b: [1], noiseVariance: 1 };
  close(logEvidence(oneD, [3]), -0.5 * (Math.log(2 * Math.PI * 5) + 4 / 5), 1e-12);
  const posterior = truePosterior(oneD, [3]);
  close(posterior.mean, 0.8, 1e-12);
  close(posterior.variance, 0.2, 1e-12);
  // log p(x | z = 0.5) + log p(z = 0.5): residual 3 − 1 − 2 · 0.5 = 1.
  close(logJoint(oneD, [3], 0.5), -0.5 * (Math.log(2 * Math.PI) + 1) - 0.5 * (Math.log(2 * Math.PI) + 0.25), 1e-12);
  // q = N(0.5, 0.25): E_q (x − b − w z)² = 1² + 0.25 · 2², and KL(q ‖ N(0, 1)) = ½(0.25 + 0.25 − 1 − ln 0.25).
  const kl = 0.5 * (0.25 + 0.25 - 1 - Math.log(0.25));
  close(elbo(oneD, [3], { mean: 0.5, variance: 0.25 }), -0.5 * (Math.log(2 * Math.PI) + 2) - kl, 1e-12);
});

test('by hand, two dimensions: the covariance w wᵀ + s² I inverted and its determinant taken as 2 × 2 matrices', () => {
  const twoD = { w: [1, 2], b: [1, -1], noiseVariance: 0.5 };
  const x2 = [2, 1]; // residual (1, 2)
  // Σ = [[1.5, 2], [2, 4.5]], det Σ = 2.75, Σ⁻¹ = [[4.5, −2], [−2, 1.5]] / 2.75.
  const quadratic = (4.5 * 1 - 2 * 2 * 1 * 2 + 1.5 * 2 * 2) / 2.75;
  close(logEvidence(twoD, x2), -0.5 * (2 * Math.log(2 * Math.PI) + Math.log(2.75) + quadratic), 1e-12);
  // p(z | x) = N(wᵀr / (s² + ‖w‖²), s² / (s² + ‖w‖²)) = N(5 / 5.5, 0.5 / 5.5).
  const posterior = truePosterior(twoD, x2);
  close(posterior.mean, 5 / 5.5, 1e-12);
  close(posterior.variance, 0.5 / 5.5, 1e-12);
});

test('a log importance weight by hand: z from the first normal draw, log p(x, z) − log N(z; m, v)', () => {
  const q = { mean: 0.3, variance: 0.5 };
  const eps = normalRng(8)();
  const z = q.mean + Math.sqrt(q.variance) * eps;
  const logQ = -0.5 * Math.log(2 * Math.PI * q.variance) - (z - q.mean) ** 2 / (2 * q.variance);
  const [weight] = logImportanceWeights(model, x, q, 1, 8);
  close(weight, logJoint(model, x, z) - logQ, 1e-12);
});

test('logMeanExp shifts by the largest value, so a value far below the rest cannot overflow it', () => {
  close(logMeanExp([0, -1000]), Math.log(0.5), 1e-12);
  close(logMeanExp([-1000, 0, -1000]), Math.log(1 / 3), 1e-12);
  close(logMeanExp([5]), 5, 1e-12);
});
