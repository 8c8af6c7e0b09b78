import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctNgrams, drawIndex, samplingDistribution } from '../src/text';

const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)];
const close = (a: ArrayLike<number>, b: number[]) =>
  b.forEach((x, i) => assert.ok(Math.abs(a[i] - x) < 1e-12, `${Array.from(a)} vs ${b}`));

test('temperature 1 is the softmax; 0 is the most likely token; higher flattens', () => {
  close(samplingDistribution(logits), [0.5, 0.3, 0.15, 0.05]);
  close(samplingDistribution(logits, { temperature: 0 }), [1, 0, 0, 0]);
  const hot = samplingDistribution(logits, { temperature: 2 }); // p ∝ √p
  const roots = [0.5, 0.3, 0.15, 0.05].map(Math.sqrt);
  const total = roots.reduce((a, b) => a + b);
  close(
    hot,
    roots.map((r) => r / total),
  );
});

test('top-k keeps the k most likely, renormalised; top-p the smallest set whose mass reaches p', () => {
  close(samplingDistribution(logits, { topK: 2 }), [0.5 / 0.8, 0.3 / 0.8, 0, 0]);
  close(samplingDistribution(logits, { topP: 0.8 }), [0.5 / 0.8, 0.3 / 0.8, 0, 0]);
  close(samplingDistribution(logits, { topP: 0.81 }), [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0]);
  close(samplingDistribution(logits, { topP: 0.4 }), [1, 0, 0, 0]);
  close(samplingDistribution(logits, { topK: 3, topP: 0.9 }), [0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0]);
});

test('bad sampling options are errors that say the allowed range', () => {
  assert.throws(() => samplingDistribution(logits, { temperature: -1 }), /temperature must be a number ≥ 0/);
  assert.throws(() => samplingDistribution(logits, { topK: 1.5 }), /topK must be a whole number/);
  assert.throws(() => samplingDistribution(logits, { topP: 0 }), /topP must be in \(0, 1\]/);
});

test('drawing follows the cumulative probabilities and never picks a token of probability 0', () => {
  const p = [0.5, 0, 0.3, 0.2];
  assert.equal(drawIndex(p, 0), 0);
  assert.equal(drawIndex(p, 0.49), 0);
  assert.equal(drawIndex(p, 0.5), 2);
  assert.equal(drawIndex(p, 0.85), 3);
  assert.equal(drawIndex(p, 0.9999999999999999), 3);
});

test('distinct-n counts different n-grams over all n-grams', () => {
  assert.equal(distinctNgrams(['abab'], 2), 2 / 3); // ab, ba, ab
  assert.equal(distinctNgrams(['abc', 'abc'], 3), 1 / 2);
  assert.throws(() => distinctNgrams(['ab'], 3), /at least 3 characters/);
});
