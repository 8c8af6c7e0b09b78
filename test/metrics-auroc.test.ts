import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auroc } from '../src/metrics';

test('AUROC by hand: 1 for a perfect split, 0 when reversed, 0.5 for one pair each way', () => {
  assert.equal(auroc([3, 4], [1, 2]), 1);
  assert.equal(auroc([1, 2], [3, 4]), 0);
  assert.equal(auroc([1, 3], [2]), 0.5); // 1 < 2 loses, 3 > 2 wins
});

test('AUROC counts a tie as half a win: [2, 3] against [1, 2, 2] is (1 + ½ + ½ + 3) / 6', () => {
  assert.equal(auroc([2, 3], [1, 2, 2]), 5 / 6);
  assert.equal(auroc([2], [2]), 0.5);
  assert.equal(auroc([1, 2, 3], [2, 2]), 0.5);
});

test('AUROC equals the share of winning pairs counted one by one, on 300 random scores with ties', () => {
  let state = 12345; // a small LCG keeps the test's data fixed
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) % 40) / 4;
  const positives = Array.from({ length: 120 }, () => next() + 1);
  const negatives = Array.from({ length: 180 }, next);
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  assert.ok(Math.abs(auroc(positives, negatives) - wins / (120 * 180)) < 1e-12);
});

test('AUROC refuses an empty set and a score that is not a finite number, naming what is wrong', () => {
  assert.throws(() => auroc([], [1]), /at least one score in each set, got 0 positives/);
  assert.throws(() => auroc([1, 2], []), /at least one score in each set, got 2 positives and 0 negatives/);
  assert.throws(() => auroc([1, NaN], [0]), /got the score NaN/);
});
