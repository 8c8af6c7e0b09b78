// Stochastic binarisation: binary values, fixed by the seed, unbiased (the mean of many draws approaches the grey
// values), and the same for an image whether it is binarised alone or within its set.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { binarise, binarisedImages } from '../src/data/binarise';
import { fakeDigits } from './support/fake-digits';

before(() => tf.setBackend('cpu'));

const grey = () => tf.tensor4d([0, 0.1, 0.25, 0.5, 0.75, 0.9, 1, 0.3], [2, 2, 2, 1]);

test('gives 0s and 1s of the same shape; a seed fixes the draw, another seed gives another', () => {
  const images = tf.tile(grey(), [50, 1, 1, 1]);
  const a = binarise(images, 3);
  assert.deepEqual(a.shape, images.shape);
  assert.ok(Array.from(a.dataSync()).every((v) => v === 0 || v === 1));
  assert.deepEqual(a.dataSync(), binarise(images, 3).dataSync());
  assert.notDeepEqual(a.dataSync(), binarise(images, 4).dataSync());
});

test('black pixels stay 0 and white pixels stay 1', () => {
  const values = binarise(tf.tile(grey(), [100, 1, 1, 1]), 1)
    .reshape([100, 8])
    .arraySync() as number[][];
  assert.ok(values.every((row) => row[0] === 0 && row[6] === 1));
});

test('the mean of many draws approaches each grey value, within 4 standard errors', () => {
  const draws = 4000;
  const images = grey();
  const means = tf
    .tidy(() => {
      let total = tf.zeros(images.shape);
      for (let seed = 0; seed < draws; seed++) total = total.add(binarise(images, seed));
      return total.div(draws);
    })
    .dataSync();
  images.dataSync().forEach((p, i) => {
    const standardError = Math.sqrt((p * (1 - p)) / draws);
    assert.ok(Math.abs(means[i] - p) <= 4 * standardError + 1e-9, `pixel ${i}: mean ${means[i]} for grey ${p}`);
  });
});

test('a set binarised once gives its first images as they binarise alone, and leaves no tensor behind', () => {
  const before = tf.memory().numTensors;
  const whole = binarisedImages(fakeDigits(7));
  const firstThree = binarisedImages(fakeDigits(3));
  assert.deepEqual(whole.dataSync().subarray(0, firstThree.size), firstThree.dataSync());
  assert.ok(Array.from(whole.dataSync()).some((v) => v === 1));
  tf.dispose([whole, firstThree]);
  assert.equal(tf.memory().numTensors, before);
});

test('pixels outside [0, 1] are an error that names the range to use', () => {
  assert.throws(
    () => binarise(tf.tensor1d([0.5, -1]), 0),
    /binarise needs pixels in \[0, 1\].*'unit' range\); pixel 1 is -1/,
  );
  assert.throws(() => binarise(tf.tensor1d([NaN]), 0), /pixel 0 is NaN/);
});
