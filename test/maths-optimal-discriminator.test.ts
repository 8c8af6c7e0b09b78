import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  jensenShannon, linspace, mixtureDensity, normalDensity, optimalDiscriminator, optimalDiscriminatorLogit,
  sampleMixture, trapezoid, valueFunction,
} from '../src/maths';

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not within ${tolerance} of ${expected}`);

const xs = linspace(-30, 30, 6001);
const on = (density: (x: number) => number) => xs.map(density);
const mixture = [{ weight: 0.3, mean: -2, std: 0.5 }, { weight: 0.7, mean: 1.5, std: 1 }];

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
    close(valueFunction(optimalDiscriminatorLogit(pData, pG), pData, pG, xs),
      -Math.log(4) + 2 * jensenShannon(pData, pG, xs));
  }
  const p = on(normalDensity(0, 1));
  assert.ok(optimalDiscriminator(p, p).every((d) => d === 0.5));
});

test('D* maximises V: shifting its logits either way lowers V', () => {
  const pData = on(mixtureDensity(mixture));
  const pG = on(normalDensity(0, 2));
  const logits = optimalDiscriminatorLogit(pData, pG);
  const best = valueFunction(logits, pData, pG, xs);
  for (const shift of [-0.05, 0.05]) assert.ok(valueFunction(logits.map((a) => a + shift), pData, pG, xs) < best);
});

test('V(D*, G) stays finite where one density is 10¹⁶ times the other (D* rounds to 1 there)', () => {
  const pData = on(normalDensity(0, 1));
  const pG = on(normalDensity(3, 1));
  assert.ok(optimalDiscriminator(pData, pG).some((d, i) => d === 1 && pG[i] > 0));
  assert.ok(Number.isFinite(valueFunction(optimalDiscriminatorLogit(pData, pG), pData, pG, xs)));
});
