import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import {
  buildMlpGan,
  buildSnMlpGan,
  exactLargestSingularValue,
  largestSingularValue,
  layerNorms,
  SpectralDense,
  spectralLayers,
} from '../src/models';
import { withSeed } from '../src/training';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
/** The exact largest singular value, from ml-matrix's SVD in double precision. */
const exactSigma = (m: tf.Tensor2D) => new SingularValueDecomposition(new Matrix(m.arraySync())).diagonal[0];

test('power iteration finds the largest singular value of small matrices, as an exact SVD does', async () => {
  await tf.setBackend('cpu');
  for (const [rows, columns, seed] of [
    [5, 3, 1],
    [3, 5, 2],
    [10, 10, 3],
    [20, 7, 4],
  ]) {
    const m = tf.randomNormal([rows, columns], 0, 1, 'float32', seed) as tf.Tensor2D;
    close(largestSingularValue(m, 200), exactSigma(m), 1e-4 * exactSigma(m));
  }
  close(
    largestSingularValue(
      tf.tensor2d([
        [3, 0],
        [0, -7],
      ]),
      50,
    ),
    7,
    1e-5,
  );
});

test('one power-iteration step per training call drives the layer to W/σ(W), whose largest singular value is 1', () => {
  const layer = new SpectralDense({ units: 6, inputShape: [9] });
  const model = withSeed(1, () => tf.sequential({ layers: [layer] }));
  const kernel = layer.getWeights()[0] as tf.Tensor2D;
  const sigma = exactSigma(kernel);
  const x = tf.randomNormal([4, 9]);
  for (let i = 0; i < 30; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
  close(layer.sigmaEstimate(), sigma, 1e-4 * sigma);
  // The map x ↦ x·W/σ̂ + b has unit Lipschitz constant: its kernel's largest singular value is 1.
  const normalised = tf.div(kernel, layer.sigmaEstimate()) as tf.Tensor2D;
  close(exactSigma(normalised), 1, 1e-4);
  const expected = tf.add(tf.matMul(x, normalised), layer.getWeights()[1]);
  close(tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, expected))).dataSync()[0], 0, 1e-5);
});

test('inference leaves the estimate alone; training calls advance it', () => {
  const layer = new SpectralDense({ units: 3, inputShape: [4] });
  const model = withSeed(2, () => tf.sequential({ layers: [layer] }));
  const x = tf.ones([2, 4]);
  const before = layer.sigmaEstimate();
  tf.dispose(model.predict(x) as tf.Tensor);
  assert.equal(layer.sigmaEstimate(), before);
  tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
  assert.notEqual(layer.sigmaEstimate(), before);
});

test('the gradient reaches the kernel and the bias only: u and v are non-trainable weights a checkpoint keeps', () => {
  const layer = new SpectralDense({ units: 3, inputShape: [4] });
  const model = withSeed(3, () => tf.sequential({ layers: [layer] }));
  assert.deepEqual(
    model.trainableWeights.map((w) => w.shape),
    [[4, 3], [3]],
  );
  assert.deepEqual(
    model.weights.map((w) => w.shape),
    [[4, 3], [3], [3, 1], [4, 1]],
  );
  assert.deepEqual(spectralLayers(model), [layer]);
  const x = tf.randomNormal([5, 4]);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
    variables,
  );
  assert.equal(Object.keys(grads).length, 2);
});

test('a training call leaves no tensor behind, and the output shape is [batch, units]', () => {
  const model = withSeed(4, () => tf.sequential({ layers: [new SpectralDense({ units: 2, inputShape: [3] })] }));
  assert.deepEqual(model.outputs[0].shape, [null, 2]);
  const x = tf.ones([2, 3]);
  tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
  const before = tf.memory().numTensors;
  tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
  assert.equal(tf.memory().numTensors, before);
});

test('the exact σ is ml-matrix’s, and layerNorms gives each dense layer’s stored and applied σ', () => {
  close(
    exactLargestSingularValue(
      tf.tensor2d([
        [0, 2],
        [-5, 0],
        [0, 0],
      ]),
    ),
    5,
    1e-12,
  );
  const plain = withSeed(5, () => buildMlpGan(4)).discriminator;
  const norms = layerNorms(plain);
  assert.equal(norms.length, 3);
  for (const n of norms) assert.equal(n.applied, n.stored);
  const sn = withSeed(6, () => buildSnMlpGan(4)).discriminator;
  const x = tf.randomNormal([8, 784]);
  for (let i = 0; i < 40; i++) tf.dispose(sn.apply(x, { training: true }) as tf.Tensor);
  const normalised = layerNorms(sn);
  assert.equal(normalised.length, 3);
  for (const n of normalised) close(n.applied, 1, 0.02); // 40 steps of power iteration on random 784×256 weights: within 2 %
});
