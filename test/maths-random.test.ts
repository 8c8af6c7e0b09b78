import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogram, mean, normalRng, standardError, uniformRng, variance } from '../src/maths';

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
