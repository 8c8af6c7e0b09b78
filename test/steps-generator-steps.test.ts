// ganStep's generatorSteps: one discriminator step, then that many generator steps on fresh noise, which move the
// generator only.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { activateWasm } from '../src/backend/wasm';
import { buildMlpGan } from '../src/models';
import { ganStep, withSeed } from '../src/training';

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
  assert.throws(() => ganStep(gan, adams(), real, { generatorSteps: 0 }), /generatorSteps must be a positive whole number, got 0/);
  tf.dispose(real);
});
