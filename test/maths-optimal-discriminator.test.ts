import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  jensenShannon,
  linspace,
  mixtureDensity,
  normalDensity,
  optimalDiscriminator,
  optimalDiscriminatorLogit,
  sampleMixture,
  trapezoid,
  valueFunction,
} from '../src/maths';
import { closeWithin } from './support/close';

const close = closeWithin(1e-6);

const xs = linspace(-30, 30, 6001);
const on = (density: (x: number) => number) => xs.map(density);
const mixture = [
  { weight: 0.3, mean: -2, std: 0.5 },
  { weight: 0.7, mean: 1.5, std: 1 },
];

test('densities integrate to 1 on the grid', () => {
  close(trapezoid(on(normalDensity(1, 2)), xs), 1);
  close(trapezoid(on(mixtureDensity(mixture)), xs), 1);
});

test('mixture samples have the mixture mean', () => {
  const samples = sampleMixture(mixture, 20000, 3);
  const mean = samples.reduce((s, v) => s + v, 0) / samples.length;
  close(mean, 0.3 * -2 + 0.7 * 1.5, 0.03);
});

test('JSD is 0 for identical densities and log 2 for disjoint ones', () => {
  const p = on(normalDensity(0, 1));
  close(jensenShannon(p, p, xs), 0);
  close(jensenShannon(on(normalDensity(-15, 1)), on(normalDensity(15, 1)), xs), Math.log(2));
});

test('D* is ½ where the densities agree, and V(D*, G) = −log 4 + 2 JSD', () => {
  for (const [pData, pG] of [
    [on(normalDensity(0, 1)), on(normalDensity(1, 1.5))],
    [on(mixtureDensity(mixture)), on(normalDensity(0, 2))],
  ]) {
    close(
      valueFunction(optimalDiscriminatorLogit(pData, pG), pData, pG, xs),
      -Math.log(4) + 2 * jensenShannon(pData, pG, xs),
    );
  }
  const p = on(normalDensity(0, 1));
  assert.ok(optimalDiscriminator(p, p).every((d) => d === 0.5));
});

test('D* maximises V: shifting its logits either way lowers V', () => {
  const pData = on(mixtureDensity(mixture));
  const pG = on(normalDensity(0, 2));
  const logits = optimalDiscriminatorLogit(pData, pG);
  const best = valueFunction(logits, pData, pG, xs);
  for (const shift of [-0.05, 0.05])
    assert.ok(
      valueFunction(
        logits.map((a) => a + shift),
        pData,
        pG,
        xs,
      ) < best,
    );
});

test('V(D*, G) stays finite where one density is 10¹⁶ times the other (D* rounds to 1 there)', () => {
  const pData = on(normalDensity(0, 1));
  const pG = on(normalDensity(3, 1));
  assert.ok(optimalDiscriminator(pData, pG).some((d, i) => d === 1 && pG[i] > 0));
  assert.ok(Number.isFinite(valueFunction(optimalDiscriminatorLogit(pData, pG), pData, pG, xs)));
});

test('the normal density by hand, off its mean: N(3; 1, 2²) = e^{−½} / (2√(2π))', () => {
  close(normalDensity(1, 2)(3), Math.exp(-0.5) / (2 * Math.sqrt(2 * Math.PI)), 1e-15);
  close(normalDensity(1, 2)(-1), normalDensity(1, 2)(3), 1e-15);
  close(
    mixtureDensity([
      { weight: 0.25, mean: 0, std: 1 },
      { weight: 0.75, mean: 1, std: 2 },
    ])(3),
    (0.25 * Math.exp(-4.5)) / Math.sqrt(2 * Math.PI) + (0.75 * Math.exp(-0.5)) / (2 * Math.sqrt(2 * Math.PI)),
    1e-15,
  );
});

test('linspace includes both ends; the trapezoid rule is exact for a straight line', () => {
  assert.deepEqual(linspace(-1, 2, 4), [-1, 0, 1, 2]);
  close(trapezoid([1, 3, 2], [0, 1, 3]), 0.5 * (1 + 3) * 1 + 0.5 * (3 + 2) * 2, 1e-15);
});

test('mixture samples choose components by weight', () => {
  // Two components far apart: the share of samples near each is its weight (binomial sd √(0.2 · 0.8 / 5000) ≈ 0.006).
  const samples = sampleMixture(
    [
      { weight: 0.2, mean: -100, std: 1 },
      { weight: 0.8, mean: 100, std: 1 },
    ],
    5000,
    9,
  );
  close(samples.filter((s) => s < 0).length / samples.length, 0.2, 0.025);
  // Weights that sum to a hair under 1 (rounding) fall back on the last component, never on none.
  const rounded = sampleMixture(
    [
      { weight: 0.3, mean: 0, std: 1 },
      { weight: 0.6999999, mean: 50, std: 1 },
    ],
    20000,
    2,
  );
  assert.ok(rounded.every(Number.isFinite));
});

test('where neither density has mass D* is ½ and its logit 0; where only one has, the logit is ±∞', () => {
  assert.deepEqual(optimalDiscriminator([0, 0.2, 0], [0, 0, 0.2]), [0.5, 1, 0]);
  assert.deepEqual(optimalDiscriminatorLogit([0, 0.2, 0], [0, 0, 0.2]), [0, Infinity, -Infinity]);
  close(optimalDiscriminatorLogit([0.2], [0.05])[0], Math.log(4), 1e-15);
});

test('V counts nothing where a density is 0, even where D* is 0 or 1: disjoint supports give −log 4 + 2 log 2 = 0', () => {
  const grid = [0, 1, 2, 3];
  const pData = [0.5, 0.5, 0, 0];
  const pG = [0, 0, 0.5, 0.5];
  close(valueFunction(optimalDiscriminatorLogit(pData, pG), pData, pG, grid), 0, 1e-15);
  close(jensenShannon(pData, pG, grid), Math.log(2) * trapezoid(pData, grid), 1e-15);
});

test('V by hand for a finite logit, on a two-point grid of constant densities', () => {
  // V = ∫ p log σ(a) + q log(1 − σ(a)) over [0, 1], with p = 0.6, q = 0.4, a = 1 and a = −2.
  const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
  for (const a of [1, -2]) {
    close(
      valueFunction([a, a], [0.6, 0.6], [0.4, 0.4], [0, 1]),
      0.6 * Math.log(sigmoid(a)) + 0.4 * Math.log(1 - sigmoid(a)),
      1e-12,
    );
  }
});

test('D* by hand where both densities are positive: 0.2 / (0.2 + 0.6) = ¼, 0.9 / (0.9 + 0.1) = 0.9', () => {
  const d = optimalDiscriminator([0.2, 0.9], [0.6, 0.1]);
  close(d[0], 0.25);
  close(d[1], 0.9);
});

test('V(D, G) stays finite for a logit of 800, where exp(800) overflows: softplus(800) = 800', () => {
  // D = σ(800) ≈ 1, so V = ∫ p_g log(1 − D) = −800 · ∫ p_g = −800 on [0, 1] with p_data = p_g = 1.
  close(valueFunction([800, 800], [1, 1], [1, 1], [0, 1]), -800);
  close(valueFunction([-800, -800], [1, 1], [1, 1], [0, 1]), -800);
});

test('a mixture whose weights fall short of 1 draws the leftover from its last component', () => {
  // Weights 0 and 0: every uniform draw passes both, so each sample comes from the last component (mean 50, std 1).
  const samples = sampleMixture(
    [
      { weight: 0, mean: -50, std: 1 },
      { weight: 0, mean: 50, std: 1 },
    ],
    200,
    2,
  );
  assert.ok(
    samples.every((x) => Math.abs(x - 50) < 6),
    `samples range over ${Math.min(...samples)}…${Math.max(...samples)}`,
  );
});
