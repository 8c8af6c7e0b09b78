import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { probeImages, scoreTwoWays } from '../src/frame';
import { buildClassifier, buildConvVae } from '../src/models';
import { fakeDigits } from './support/fake-digits';

before(async () => {
  await tf.setBackend('cpu');
});

test('the probe images: three digits, the first upside down and in negative, a garment, noise and a blank, in [0, 1]', () => {
  const digits = fakeDigits(3);
  const { names, images } = probeImages(digits, fakeDigits(1), 5);
  assert.deepEqual(images.shape, [8, 28, 28, 1]);
  assert.equal(names.length, 8);
  const [first, upsideDown, negative, blank] = [0, 3, 4, 7].map((i) => images.slice(i, 1).dataSync());
  assert.equal(upsideDown[0], first[783]); // the top-left pixel of the turned image is the bottom-right one
  assert.ok(Math.abs(negative[100] - (1 - first[100])) < 1e-6);
  assert.ok(blank.every((v) => v === 0));
  assert.ok(images.min().dataSync()[0] >= 0 && images.max().dataSync()[0] <= 1);
  images.dispose();
});

test('scoreTwoWays gives each image a class, a probability and a finite −ELBO, and leaks no tensor', () => {
  const { images } = probeImages(fakeDigits(3), fakeDigits(1), 5);
  const [evaluator, vae] = [buildClassifier(1), buildConvVae(4)];
  const before = tf.memory().numTensors;
  const views = scoreTwoWays(evaluator, vae, images, 3);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(views.predictedClass.length, 8);
  assert.ok(views.predictedClass.every((c) => Number.isInteger(c) && c >= 0 && c < 10));
  assert.ok(views.confidence.every((p) => p >= 0.1 - 1e-6 && p <= 1)); // the largest of ten probabilities is at least 1/10
  assert.ok(views.negElbo.every((s) => Number.isFinite(s) && s > 0));
  images.dispose();
});
