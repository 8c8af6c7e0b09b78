import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { kthNearestDistances, reduceDistanceBlocks, squaredDistances } from '../src/metrics';

before(async () => {
  await tf.setBackend('cpu');
});

test('squared distances between rows: (0,0)–(3,4) is 25, and a point to itself is 0', () => {
  const d = squaredDistances(
    tf.tensor2d([
      [0, 0],
      [3, 4],
    ]),
    tf.tensor2d([
      [3, 4],
      [0, 0],
      [1, 1],
    ]),
  );
  assert.deepEqual(Array.from(d.dataSync()), [25, 0, 2, 0, 25, 13]);
});

test('k-th nearest distances on a line: from 0 to {1, 3, 7} they are 1, 3, 7', () => {
  const query = tf.tensor2d([[0]]);
  const reference = tf.tensor2d([[7], [1], [3]]);
  assert.deepEqual(
    [1, 2, 3].map((k) => kthNearestDistances(query, reference, k)[0]),
    [1, 3, 7],
  );
  assert.throws(() => kthNearestDistances(query, reference, 4), /k = 4 must be a whole number from 1 to the 3/);
  assert.throws(() => kthNearestDistances(query, reference, 0), /k = 0 must be a whole number from 1 to the 3/);
  assert.throws(() => kthNearestDistances(query, reference, 1.5), /k = 1\.5 must be a whole number/);
});

test('blocks of queries join without a seam: 1,000 query rows against 20,000 reference rows', () => {
  // 1,000 × 20,000 distances exceed one block of 2²⁴, so the queries are split (838 + 162 rows). Every third query
  // sits a quarter off the integers, so its nearest half-integer is 0.25 away, the others' 0.5: a block that read
  // the wrong rows (the 838th query is one of the thirds) would be seen.
  const positions = Array.from({ length: 1000 }, (_, i) => i + (i % 3 === 1 ? 0.25 : 0));
  const queries = tf.tensor2d(positions.map((p) => [p]));
  const reference = tf.tensor2d(Array.from({ length: 20_000 }, (_, i) => [i + 0.5]));
  const before = tf.memory().numTensors;
  const nearest = kthNearestDistances(queries, reference, 1);
  const wrong = positions.map((_, i) => i).filter((i) => nearest[i] !== (i % 3 === 1 ? 0.25 : 0.5));
  assert.deepEqual(wrong, []);
  assert.equal(tf.memory().numTensors, before);
});

test('a block holds at most 2²⁴ distances (64 MB)', () => {
  const blocks = (queryRows: number, referenceRows: number) => {
    const shapes: number[][] = [];
    const queries = tf.zeros([queryRows, 1]) as tf.Tensor2D;
    const reference = tf.zeros([referenceRows, 1]) as tf.Tensor2D;
    reduceDistanceBlocks(queries, reference, (squared) => {
      shapes.push(squared.shape);
      return tf.min(squared, 1) as tf.Tensor1D;
    });
    tf.dispose([queries, reference]);
    return shapes;
  };
  assert.deepEqual(blocks(1000, 20_000), [
    [838, 20_000],
    [162, 20_000],
  ]); // ⌊2²⁴ / 20,000⌋ = 838
  assert.deepEqual(blocks(3, 1000), [[3, 1000]]);
});
