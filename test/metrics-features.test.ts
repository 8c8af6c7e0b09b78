// The checks every metric runs on its feature matrices (src/metrics/features.ts): each bad input is refused with a
// message that names the input and says what to pass instead, from plain arrays and from tensors alike.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { assertSameWidth, featureRows, featureTensor } from '../src/metrics';

before(async () => {
  await tf.setBackend('cpu');
});

test('rows pass through unchanged, from arrays and from tensors', () => {
  const rows = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  assert.equal(featureRows(rows, 'x'), rows);
  assert.deepEqual(featureRows(tf.tensor2d(rows), 'x'), rows);
  const fromArray = featureTensor(rows, 'x');
  assert.deepEqual([fromArray.shape, fromArray.arraySync()], [[2, 3], rows]);
});

test('featureTensor gives the caller a copy of a tensor, to dispose without touching the original', () => {
  const original = tf.tensor2d([[1, 2]]);
  const copy = featureTensor(original, 'x');
  assert.notEqual(copy, original);
  copy.dispose();
  assert.deepEqual(original.arraySync(), [[1, 2]]);
});

test('an empty matrix is refused, from arrays and from tensors', () => {
  assert.throws(
    () => featureRows([], 'the samples'),
    /^Error: the samples has no rows; pass at least one feature vector per image\.$/,
  );
  assert.throws(() => featureRows(tf.zeros([0, 3]) as tf.Tensor2D, 'the samples'), /the samples has no rows/);
  assert.throws(() => featureTensor(tf.zeros([0, 3]) as tf.Tensor2D, 'the samples'), /the samples has no rows/);
});

test('ragged rows are refused, naming the row and both lengths', () => {
  assert.throws(
    () => featureRows([[1, 2], [3, 4], [5]], 'the real set'),
    /^Error: the real set row 2 has 1 features but row 0 has 2; every row must be as long\.$/,
  );
});

test('NaN or ±Infinity is refused, naming the row of an array', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    assert.throws(
      () =>
        featureRows(
          [
            [0, 1],
            [bad, 1],
          ],
          'x',
        ),
      /^Error: x row 1 holds NaN or ±Infinity; check the model/,
    );
    assert.throws(
      () =>
        featureTensor(
          tf.tensor2d([
            [0, 1],
            [1, bad],
          ]),
          'x',
        ),
      /^Error: x holds NaN or ±Infinity; check the model/,
    );
  }
});

test('a tensor that is not a matrix is refused with its shape and a hint to reshape', () => {
  const images = tf.zeros([2, 28, 28, 1]);
  assert.throws(
    () => featureRows(images as unknown as tf.Tensor2D, 'the samples'),
    /^Error: the samples has shape \[2,28,28,1\]; pass a \[rows, features\] matrix \(reshape images to \[n, -1\]\)\.$/,
  );
  assert.throws(() => featureTensor(tf.zeros([5]) as unknown as tf.Tensor2D, 'x'), /x has shape \[5\]/);
});

test('two widths must agree; the message names both sets and the common fix', () => {
  assert.doesNotThrow(() => assertSameWidth([3, 3], ['a', 'b']));
  assert.throws(
    () => assertSameWidth([3, 4], ['the real set', 'the generated set']),
    /^Error: rows of the real set have 3 features but rows of the generated set have 4; compute both in the same feature space/,
  );
});
