import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  COMPRESSION_COMMAND,
  compressedWeights,
  loadCompressionResults,
  loadGenerator,
  measureCompression,
  pruneValues,
  quantiseValues,
  realFeatureMoments,
  storageBits,
  withWeights,
} from '../src/compression';
import { buildClassifier } from '../src/models';
import { tempDir } from './support/temp';

before(async () => {
  await tf.setBackend('cpu');
});

/** A dense layer 3 → 2 with bias: a kernel of 6 values and a bias of 2. */
function tinyDense(): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
  model.setWeights([
    tf.tensor2d([
      [1, -0.6],
      [0.3, 0],
      [0.9, -0.2],
    ]),
    tf.tensor1d([0.123, -0.456]),
  ]);
  return model;
}

test('quantising by hand: 2 bits keep the levels −1, 0, 1 of the largest value; 3 bits add thirds', () => {
  const values = Float32Array.from([1, -0.6, 0.3, 0]);
  assert.deepEqual(Array.from(quantiseValues(values, 2)), [1, -1, 0, 0]);
  assert.deepEqual(
    Array.from(quantiseValues(values, 3), (v) => Math.round(v * 3)),
    [3, -2, 1, 0],
  );
});

test('8-bit quantisation moves no value by more than half a step, and uses at most 255 levels', () => {
  const values = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 0.7);
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const quantised = quantiseValues(values, 8);
  const worst = values.reduce((m, v, i) => Math.max(m, Math.abs(v - quantised[i])), 0);
  assert.ok(worst <= largest / 127 / 2 + 1e-7, `worst change ${worst}`);
  assert.ok(new Set(quantised).size <= 255);
  assert.throws(() => quantiseValues(values, 1), /bits must be a whole number from 2 to 16, got 1/);
});

test('pruning by hand: 40 % of five values zeroes the two of smallest magnitude', () => {
  assert.deepEqual(
    Array.from(pruneValues(Float32Array.from([0.1, -3, 0.2, -0.05, 2]), 0.4), (v) => Math.round(v * 100) / 100),
    [0, -3, 0.2, 0, 2],
  );
  assert.deepEqual(Array.from(pruneValues(Float32Array.from([1, -1, 1, 2]), 0.5)), [0, 0, 1, 2]); // ties: first ones go
  assert.throws(() => pruneValues(Float32Array.from([1]), 1.5), /from 0 to 1, got 1.5/);
});

test('compression changes kernels only; storage in bits worked by hand for a 3 → 2 dense layer', () => {
  const model = tinyDense();
  const [kernel, bias] = compressedWeights(model, { kind: 'quantise', bits: 2 });
  assert.deepEqual(
    Array.from(kernel.dataSync(), (v) => v + 0),
    [1, -1, 0, 0, 1, 0],
  ); // + 0 turns −0 into 0
  assert.deepEqual(Array.from(bias.dataSync()), Array.from(model.getWeights()[1].dataSync()));
  tf.dispose([kernel, bias]);
  assert.equal(storageBits(model, { kind: 'none' }), 8 * 32);
  assert.equal(storageBits(model, { kind: 'quantise', bits: 4 }), 6 * 4 + 32 + 2 * 32);
  assert.equal(storageBits(model, { kind: 'prune', fraction: 0.5 }), 3 * 32 + 6 + 2 * 32);
});

test('withWeights puts the original weights back and leaks no tensor', () => {
  const model = tinyDense();
  const weights = compressedWeights(model, { kind: 'prune', fraction: 1 });
  const before = tf.memory().numTensors;
  const inside = withWeights(model, weights, () => Array.from(model.getWeights()[0].dataSync()));
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(inside, [0, 0, 0, 0, 0, 0]);
  assert.ok(Math.abs(model.getWeights()[0].dataSync()[0] - 1) < 1e-7);
  tf.dispose(weights);
});

test('measureCompression: the uncompressed row changes no pixel and keeps ratio 1; 4-bit storage worked by hand', () => {
  const generator = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 784, activation: 'tanh' })] });
  const evaluator = buildClassifier(1);
  const real = tf.tidy(() => tf.randomUniform([300, 28, 28, 1], 0, 1, 'float32', 2)) as tf.Tensor4D;
  const moments = realFeatureMoments(evaluator, real);
  const z = tf.randomNormal([300, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  const [none, four] = measureCompression({
    generator,
    evaluator,
    real: moments,
    z,
    variants: [{ kind: 'none' }, { kind: 'quantise', bits: 4 }],
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(none.pixelChange, 0);
  assert.equal(none.ratio, 1);
  assert.ok(four.pixelChange > 0);
  // 3,136 kernel values at 4 bits and one 32-bit scale; the 784 biases stay 32-bit.
  assert.equal(four.ratio, ((3136 + 784) * 32) / (3136 * 4 + 32 + 784 * 32));
  assert.ok(none.frechet > 0 && four.classEntropy >= 0);
  tf.dispose([real, z]);
});

test('loadGenerator names the command that makes a missing run', () => {
  assert.throws(() => loadGenerator(tempDir('no-gan')), /holds no trained GAN .*`genlab train gan --out=/);
});

test('a missing compression results file is refused with the command that makes it', () => {
  assert.throws(
    () => loadCompressionResults(`${tempDir('no-sweep')}/none.json`),
    (e: Error) => e.message.includes(COMPRESSION_COMMAND),
  );
});
