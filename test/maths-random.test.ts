import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogram, mean, normalRng, standardError, tfSeed, uniformRng, variance } from '../src/maths';

test('the uniform generator is repeatable, in [0, 1) and seed-dependent', () => {
  const a = Array.from({ length: 1000 }, uniformRng(1));
  assert.deepEqual(Array.from({ length: 1000 }, uniformRng(1)), a);
  assert.notDeepEqual(Array.from({ length: 1000 }, uniformRng(2)), a);
  assert.ok(a.every((u) => u >= 0 && u < 1));
});

test('the normal generator has mean 0 and variance 1', () => {
  const z = Array.from({ length: 50000 }, normalRng(4));
  assert.ok(Math.abs(mean(z)) < 4 * standardError(z));
  assert.ok(Math.abs(variance(z) - 1) < 0.03);
});

test('sample statistics on a small hand example', () => {
  assert.equal(mean([1, 2, 3, 6]), 3);
  assert.equal(variance([1, 2, 3, 6]), 14 / 3);
});

test('a histogram of values inside its range integrates to 1', () => {
  const { x, density } = histogram([0.1, 0.2, 0.6, 0.9], 4, 0, 1);
  assert.deepEqual(x, [0.125, 0.375, 0.625, 0.875]);
  assert.deepEqual(density, [2, 0, 1, 1]);
});

test('a histogram on a range not starting at 0: centres, densities counts / (n · width), values outside dropped', () => {
  // Bins of width 1 on [−2, 2); −2.5 and 2 lie outside but still count in n = 7.
  const { x, density } = histogram([-1.9, -0.5, 0.2, 0.3, 1.99, 2, -2.5], 4, -2, 2);
  assert.deepEqual(x, [-1.5, -0.5, 0.5, 1.5]);
  assert.deepEqual(density, [1 / 7, 1 / 7, 2 / 7, 1 / 7]);
  // Bins of width 2: the density divides by the width, so it still integrates to 1.
  const wide = histogram([1, 3, 3.5], 2, 0, 4);
  assert.deepEqual(wide.x, [1, 3]);
  assert.deepEqual(wide.density, [1 / 6, 2 / 6]);
});

test('the standard error is √(variance / n), with the unbiased variance', () => {
  // mean 3, squared deviations 4 + 1 + 0 + 9 = 14, variance 14/3, n = 4.
  assert.equal(standardError([1, 2, 3, 6]), Math.sqrt(14 / 3 / 4));
});

test('the normal generator draws Box–Muller values from its uniform generator', () => {
  const uniform = uniformRng(6);
  const [u1, u2] = [uniform(), uniform()];
  assert.equal(normalRng(6)(), Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
});

test('tfSeed passes whole numbers other than 0 through unchanged', () => {
  for (const seed of [1, -3, 1e7]) assert.equal(tfSeed(seed), seed);
});

test('tfSeed refuses 0, -0 and seeds that are not whole numbers, saying what to give instead', () => {
  for (const seed of [0, -0, 1.5, NaN]) {
    assert.throws(() => tfSeed(seed), {
      name: 'RangeError',
      message: new RegExp(`^seed ${seed} cannot seed TensorFlow.js repeatably: give a whole number other than 0`),
    });
  }
});
