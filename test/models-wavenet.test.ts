// The WaveNet's causal convolutions and receptive field, checked by the gradient of one output with respect to the
// input; shapes; a hand-worked causal convolution; and a training step that leaks no tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildWaveNet, CausalConv1D, doublingDilations, inputSensitivity, receptiveField } from '../src/models';
import { waveNetTrainer, withSeed } from '../src/training';

const config = { dilations: [1, 2, 4, 1, 2], residualChannels: 4, gateChannels: 3, skipChannels: 5 };

test('the receptive field is 2 plus the sum of the dilations: 2 + 2·(1 + 2 + … + 64) = 256 for two stacks of 7', () => {
  assert.equal(receptiveField(doublingDilations(7, 2)), 256);
  assert.deepEqual(doublingDilations(3, 2), [1, 2, 4, 1, 2, 4]);
  assert.equal(receptiveField(config.dilations), 12);
  assert.throws(() => receptiveField([1, 0]), /positive integers/);
});

test('a causal convolution of dilation 2 computes b + W₀·x[t−2] + W₁·x[t] without padding', () => {
  const layer = new CausalConv1D({ filters: 1, dilation: 2 });
  const x = tf.tensor3d([1, 2, 3, 4, 5], [1, 5, 1]);
  const y0 = layer.apply(x) as tf.Tensor; // builds the weights
  y0.dispose();
  layer.setWeights([tf.tensor2d([[10], [1]]), tf.tensor1d([0.5])]); // W₀ = 10 on the past, W₁ = 1 on the present
  const y = layer.apply(x) as tf.Tensor;
  assert.deepEqual(y.shape, [1, 3, 1]);
  assert.deepEqual(Array.from(y.dataSync()), [10 * 1 + 3 + 0.5, 10 * 2 + 4 + 0.5, 10 * 3 + 5 + 0.5]);
  tf.dispose([x, y]);
  assert.throws(() => layer.apply(tf.zeros([1, 2, 1])), /needs more than 2 time steps/);
});

test('the network maps [batch, T, 1] to [batch, T − R + 1, 256] logits', () => {
  const model = buildWaveNet(config);
  assert.deepEqual(model.inputs[0].shape, [null, null, 1]);
  assert.deepEqual(model.outputs[0].shape, [null, null, 256]);
  const logits = model.predict(tf.zeros([2, 20, 1])) as tf.Tensor;
  assert.deepEqual(logits.shape, [2, 20 - 12 + 1, 256]);
  tf.dispose(logits);
});

test('one output depends on exactly the R inputs that end at its own time step: none before, none in the future', () => {
  // Seeded: with random weights, the ReLUs of the head can all be off, and then no output depends on any input.
  const model = withSeed(1, () => buildWaveNet(config));
  const R = receptiveField(config.dilations);
  const length = 40;
  const output = 10; // sees inputs 10..21
  const before = tf.memory().numTensors;
  const sensitivity = inputSensitivity(model, length, output);
  assert.equal(tf.memory().numTensors, before, 'no tensor is left behind');
  assert.equal(sensitivity.length, length);
  const inside = Array.from(sensitivity.keys()).filter((i) => sensitivity[i] !== 0);
  assert.deepEqual(
    inside,
    Array.from({ length: R }, (_, k) => output + k),
  );
  assert.throws(() => inputSensitivity(model, length, length - R + 1), /output must be in 0\.\.28/);
});

test('a training step on windows of codes returns finite bits and leaks no tensors', async () => {
  const trainer = waveNetTrainer({ config, seed: 1 });
  const images = tf.tensor4d(
    Float32Array.from({ length: 2 * 30 }, (_, i) => (2 * ((i * 37) % 256)) / 255 - 1),
    [2, 1, 30, 1],
  );
  const labels = tf.zeros([2], 'int32') as tf.Tensor1D;
  await trainer.step({ images, labels }, 1); // creates Adam's slots
  const before = tf.memory().numTensors;
  const { bits } = await trainer.step({ images, labels }, 2);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Number.isFinite(bits) && bits > 0, `bits ${bits}`);
  tf.dispose([images, labels]);
});
