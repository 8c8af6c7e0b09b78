// Shapes of the four models: symbolic with a null batch, and one real forward pass on a batch of 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildConvVae, buildDcgan, buildMlpGan, buildMlpVae } from '../src/models';

const shapes = (model: tf.LayersModel) => model.outputs.map((o) => o.shape);

test('the conv VAE maps 28×28×1 images to two 20-d heads and codes back to 28×28×1 logits', () => {
  const { encoder, decoder, latentDim } = buildConvVae(20);
  assert.equal(latentDim, 20);
  assert.deepEqual(encoder.inputs[0].shape, [null, 28, 28, 1]);
  assert.deepEqual(shapes(encoder), [
    [null, 20],
    [null, 20],
  ]);
  assert.deepEqual(shapes(decoder), [[null, 28, 28, 1]]);
  const [mu, logVar] = encoder.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor[];
  const logits = decoder.predict(mu) as tf.Tensor;
  assert.deepEqual(
    [mu.shape, logVar.shape, logits.shape],
    [
      [2, 20],
      [2, 20],
      [2, 28, 28, 1],
    ],
  );
  tf.dispose([mu, logVar, logits]);
});

test('the MLP VAE maps 784 pixels to two 20-d heads and codes back to 784 logits', () => {
  const { encoder, decoder } = buildMlpVae(20);
  assert.deepEqual(shapes(encoder), [
    [null, 20],
    [null, 20],
  ]);
  assert.deepEqual(shapes(decoder), [[null, 784]]);
  const logits = tf.tidy(() => decoder.predict((encoder.predict(tf.zeros([2, 784])) as tf.Tensor[])[0]) as tf.Tensor);
  assert.deepEqual(logits.shape, [2, 784]);
  logits.dispose();
});

test('the DCGAN generator makes 28×28×1 images in [-1, 1] that its discriminator scores with one logit', () => {
  const { generator, discriminator, latentDim } = buildDcgan(100);
  assert.equal(latentDim, 100);
  assert.deepEqual(shapes(generator), [[null, 28, 28, 1]]);
  assert.deepEqual(shapes(discriminator), [[null, 1]]);
  // The TensorFlow tutorial's sizes: 2,330,944 generator and 212,865 discriminator parameters.
  assert.equal(generator.countParams(), 2330944);
  assert.equal(discriminator.countParams(), 212865);
  const images = generator.predict(tf.randomNormal([2, 100])) as tf.Tensor;
  const logits = discriminator.predict(images) as tf.Tensor;
  assert.deepEqual(
    [images.shape, logits.shape],
    [
      [2, 28, 28, 1],
      [2, 1],
    ],
  );
  assert.ok(images.abs().max().dataSync()[0] <= 1);
  tf.dispose([images, logits]);
});

test('the MLP GAN maps 100-d noise to 784 pixels in [-1, 1] and pixels to one logit', () => {
  const { generator, discriminator } = buildMlpGan(100);
  assert.deepEqual(shapes(generator), [[null, 784]]);
  assert.deepEqual(shapes(discriminator), [[null, 1]]);
  assert.equal(generator.countParams(), 100 * 256 + 256 + 256 * 256 + 256 + 256 * 784 + 784);
  assert.equal(discriminator.countParams(), 784 * 256 + 256 + 256 * 256 + 256 + 256 + 1);
  const logits = tf.tidy(() => discriminator.predict(generator.predict(tf.randomNormal([2, 100]))) as tf.Tensor);
  assert.deepEqual(logits.shape, [2, 1]);
  logits.dispose();
});
