import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { kthNearestDistances, squaredDistances } from '../src/metrics';

before(async () => {
  await tf.setBackend('cpu');
});

test('squared distances between rows: (0,0)–(3,4) is 25, and a point to itself is 0', () => {
  const d = squaredDistances(tf.tensor2d([[0, 0], [3, 4]]), tf.tensor2d([[3, 4], [0, 0], [1, 1]]));
  assert.deepEqual(Array.from(d.dataSync()), [25, 0, 2, 0, 25, 13]);
});

test('k-th nearest distances on a line: from 0 to {1, 3, 7} they are 1, 3, 7', () => {
  const query = tf.tensor2d([[0]]);
  const reference = tf.tensor2d([[7], [1], [3]]);
  assert.deepEqual([1, 2, 3].map((k) => kthNearestDistances(query, reference, k)[0]), [1, 3, 7]);
  assert.throws(() => kthNearestDistances(query, reference, 4), /k = 4 must be a whole number from 1 to the 3/);
});

test('blocks of queries join without a seam: 1,000 integers against 20,000 half-integers', () => {
  // 1,000 × 20,000 distances exceed one block, so the queries are split (838 + 162 rows).
  const queries = tf.tensor2d(Array.from({ length: 1000 }, (_, i) => [i]));
  const reference = tf.tensor2d(Array.from({ length: 20_000 }, (_, i) => [i + 0.5]));
  const before = tf.memory().numTensors;
  const nearest = kthNearestDistances(queries, reference, 1);
  assert.ok(nearest.every((d) => d === 0.5), `distances other than 0.5: ${nearest.filter((d) => d !== 0.5)}`);
  assert.equal(tf.memory().numTensors, before);
});
