import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { memorisation } from '../src/metrics';
import { closeWithin } from './support/close';

const close = closeWithin(1e-6);

// Tiny 2 × 2 images, flattened: one bright pixel each. Any two of them are √2 apart.
const [a, b, c, d] = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];
const train = [a, b];
const test_ = [c, d];

before(async () => {
  await tf.setBackend('cpu');
});

test('copies of training images are at distance 0 from the training set and √2 from the test set: ratio 0', () => {
  const result = memorisation([a, b, a], train, test_);
  assert.deepEqual(Array.from(result.toTrain), [0, 0, 0]);
  result.toTest.forEach((distance) => close(distance, Math.SQRT2));
  assert.equal(result.ratio, 0);
});

test('a grey image is 1 from every one-pixel image: ratio 1', () => {
  const result = memorisation(tf.tensor2d([[0.5, 0.5, 0.5, 0.5]]), tf.tensor2d(train), tf.tensor2d(test_));
  close(result.toTrain[0], 1); // √(0.5² + 3 · 0.5²)
  close(result.toTest[0], 1);
  close(result.ratio, 1);
});

test('by hand: a dimmed copy of a and a fresh d give distances (0.1, √2) to train and (√1.81, 0) to test', () => {
  const result = memorisation([[0.9, 0, 0, 0], d], train, test_);
  close(result.toTrain[0], 0.1);
  close(result.toTrain[1], Math.SQRT2);
  close(result.toTest[0], Math.sqrt(1.81));
  close(result.toTest[1], 0);
  close(result.ratio, (0.1 + Math.SQRT2) / Math.sqrt(1.81));
});

test('bad input: unequal training and test sets, mismatched sizes, NaN in any set; no tensors leak', () => {
  const before = tf.memory().numTensors;
  assert.throws(
    () => memorisation([a], [a, b, c], test_),
    /3 training rows but 2 test rows; pass equally many .*a bigger set has nearer neighbours by chance/,
  );
  assert.throws(
    () => memorisation([[1, 0]], train, test_),
    /rows of the samples have 2 features but rows of the training set have 4/,
  );
  assert.throws(
    () =>
      memorisation([a], train, [
        [1, 0],
        [0, 1],
      ]),
    /rows of the samples have 4 features but rows of the test set have 2/,
  );
  assert.throws(() => memorisation([[NaN, 0, 0, 0]], train, test_), /^Error: the samples row 0 holds NaN/);
  assert.throws(() => memorisation([a], [a, [0, Infinity, 0, 0]], test_), /^Error: the training set row 1 holds NaN/);
  assert.throws(() => memorisation([a], train, [c, [NaN, 0, 0, 0]]), /^Error: the test set row 1 holds NaN/);
  assert.equal(tf.memory().numTensors, before);
});
