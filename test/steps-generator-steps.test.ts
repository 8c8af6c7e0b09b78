// ganStep's generatorSteps: one discriminator step, then that many generator steps on fresh noise, which move the
// generator only.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { activateWasm } from '../src/backend/wasm';
import { buildMlpGan } from '../src/models';
import { ganStep, vaeStep, withSeed } from '../src/training';

before(async () => {
  await activateWasm();
});

const weights = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
const twinGan = () => withSeed(3, () => buildMlpGan(8));
const adams = () => ({ generator: tf.train.adam(2e-4, 0.5), discriminator: tf.train.adam(2e-4, 0.5) });
const iterations = (optimizer: tf.Optimizer) => (optimizer as unknown as { iterations: number }).iterations;

test('with generatorSteps 2, D takes the same single step as with 1, G takes two, and no tensor leaks', async () => {
  const real = tf.randomUniform([8, 784], -1, 1, 'float32', 1);
  const [one, two] = [twinGan(), twinGan()];
  const [optimizersOne, optimizersTwo] = [adams(), adams()];
  const start = weights(one.generator);
  withSeed(9, () => ganStep(one, optimizersOne, real));
  withSeed(9, () => ganStep(two, optimizersTwo, real, { generatorSteps: 2 }));
  assert.deepEqual(weights(two.discriminator), weights(one.discriminator), 'the second G step leaves D as it was');
  assert.notDeepEqual(weights(one.generator), start, 'one G step moves G');
  assert.notDeepEqual(weights(two.generator), weights(one.generator), 'the second G step moves G further');
  assert.deepEqual([iterations(optimizersTwo.discriminator), iterations(optimizersTwo.generator)], [1, 2]);
  // The generator's Adam holds two moment slots per generator variable and none for D's.
  const slots = (await optimizersTwo.generator.getWeights()).length - 1; // minus the step counter
  assert.equal(slots, 2 * two.generator.trainableWeights.length);
  const tensors = tf.memory().numTensors;
  withSeed(10, () => ganStep(two, optimizersTwo, real, { generatorSteps: 2 }));
  assert.equal(tf.memory().numTensors, tensors, 'a repeated step leaves no tensor behind');
  tf.dispose(real);
});

test('generatorSteps must be a positive whole number', () => {
  const gan = twinGan();
  const real = tf.randomUniform([2, 784], -1, 1);
  assert.throws(
    () => ganStep(gan, adams(), real, { generatorSteps: 0 }),
    /generatorSteps must be a positive whole number, got 0/,
  );
  tf.dispose(real);
});

test('generatorSteps must be whole: 1.5 is refused too', () => {
  const real = tf.zeros([2, 784]);
  assert.throws(() => ganStep(twinGan(), adams(), real, { generatorSteps: 1.5 }), /got 1\.5/);
  tf.dispose(real);
});

test('the losses returned are those before the update, L_D by hand, and L_G the mean over the generator steps', () => {
  // A generator that ignores its noise (zero kernel, so G(z) = its bias) and optimisers of learning rate 0: every
  // generator step then sees the same fake, so the mean of 3 generator losses is that one loss, worked here from
  // D's logits: L_D = mean softplus(−D(x)) + softplus(D(G)), L_G = softplus(−D(G)).
  const generator = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [2],
        units: 3,
        kernelInitializer: 'zeros',
        biasInitializer: tf.initializers.constant({ value: 0.5 }),
      }),
    ],
  });
  const discriminator = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 1, kernelInitializer: tf.initializers.constant({ value: 0.4 }) }),
    ],
  });
  const gan = { generator, discriminator, latentDim: 2 };
  const frozen = { generator: tf.train.adam(0), discriminator: tf.train.adam(0) };
  const real = tf.tensor2d([
    [1, 0, 0],
    [1, 1, 1],
  ]); // D(x) = 0.4 and 1.2; D(G(z)) = 0.4 · 1.5 = 0.6
  const softplus = (a: number) => Math.log1p(Math.exp(a));
  const losses = ganStep(gan, frozen, real, { generatorSteps: 3 });
  assert.ok(
    Math.abs(losses.discriminator - ((softplus(-0.4) + softplus(-1.2)) / 2 + softplus(0.6))) < 1e-6,
    JSON.stringify(losses),
  );
  assert.ok(Math.abs(losses.generator - softplus(-0.6)) < 1e-6, JSON.stringify(losses));
  tf.dispose(real);
});

/** A dense layer followed by batch norm: its moving mean moves only when the layer runs in training mode. */
const withBatchNorm = (inputs: number, units: number) =>
  tf.sequential({
    layers: [tf.layers.dense({ inputShape: [inputs], units }), tf.layers.batchNormalization({ momentum: 0.5 })],
  });
const movingMeans = (model: tf.LayersModel) =>
  model.layers
    .filter((l) => l.name.startsWith('batch_normalization'))
    .map((l) => Array.from(l.getWeights()[2].dataSync()));

test('ganStep runs both networks in training mode: their batch-norm moving means move', () => {
  const gan = withSeed(1, () => ({ generator: withBatchNorm(2, 3), discriminator: withBatchNorm(3, 1), latentDim: 2 }));
  const before = [movingMeans(gan.generator), movingMeans(gan.discriminator)];
  const real = tf.tensor2d([
    [1, 2, 3],
    [3, 2, 1],
  ]);
  withSeed(2, () => ganStep(gan, adams(), real));
  tf.dispose(real);
  assert.notDeepEqual(movingMeans(gan.generator), before[0]);
  assert.notDeepEqual(movingMeans(gan.discriminator), before[1]);
});

test('vaeStep runs encoder and decoder in training mode: their batch-norm moving means move', () => {
  const x = tf.tensor2d([
    [0, 1, 0.5],
    [1, 0, 0.25],
  ]);
  const encoderInput = tf.input({ shape: [3] });
  const features = withBatchNorm(3, 4).apply(encoderInput) as tf.SymbolicTensor;
  const heads = [
    tf.layers.dense({ units: 2 }).apply(features),
    tf.layers.dense({ units: 2 }).apply(features),
  ] as tf.SymbolicTensor[];
  const vae = withSeed(1, () => ({
    encoder: tf.model({ inputs: encoderInput, outputs: heads }),
    decoder: withBatchNorm(2, 3),
    latentDim: 2,
  }));
  const before = [movingMeans(vae.encoder.layers[1] as tf.Sequential), movingMeans(vae.decoder)];
  withSeed(2, () => vaeStep(vae, tf.train.adam(1e-3), x));
  tf.dispose(x);
  assert.notDeepEqual(movingMeans(vae.encoder.layers[1] as tf.Sequential), before[0]);
  assert.notDeepEqual(movingMeans(vae.decoder), before[1]);
});
