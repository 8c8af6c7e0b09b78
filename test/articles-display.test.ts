import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { listing4GenerateImages, stretchEachImage, wholeVae } from '../src/articles';
import { buildConvVae } from '../src/models';

test("L4's generate_images ignores the noise it is given and always draws 100-d noise", () => {
  const seen: tf.Tensor[] = [];
  const model = (x: tf.Tensor) => {
    seen.push(x);
    return x.sum(1);
  };
  const codes = tf.ones([3, 20]);
  listing4GenerateImages(model, codes, 3);
  assert.deepEqual(seen[0].shape, [3, 100]);
  assert.equal(seen[0].notEqual(1).any().dataSync()[0], 1);
});

test('the whole VAE turns images into images, and fails on noise: its encoder comes first', () => {
  const vae = buildConvVae(4);
  const samples = wholeVae(vae)(tf.zeros([2, 28, 28, 1]));
  assert.deepEqual(samples.shape, [2, 28, 28, 1]);
  assert.ok(samples.min().dataSync()[0] > 0 && samples.max().dataSync()[0] < 1);
  assert.throws(() => wholeVae(vae)(tf.randomNormal([2, 100])), /expected ndim=4, found ndim=2/);
});

test("stretchEachImage maps each image's own minimum to 0 and maximum to 1, as imshow does without vmin and vmax", () => {
  const images = tf.tensor4d([-0.04, 0, 0.01, 0.06, -1, 1, 0, 0.5, 0.3, 0.3, 0.3, 0.3], [3, 2, 2, 1]);
  const stretched = Array.from(stretchEachImage(images).dataSync());
  const expected = [0, 0.4, 0.5, 1, 0, 1, 0.5, 0.75, 0, 0, 0, 0]; // the third image is constant: drawn black
  stretched.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `pixel ${i}: ${v} ≠ ${expected[i]}`));
});
