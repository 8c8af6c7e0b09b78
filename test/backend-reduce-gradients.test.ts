// Sum's and Mean's gradients without a tensor of ones (src/backend/reduce-gradients.ts): bit for bit what tfjs's own
// formulas give (dy times ones; for Mean, that divided by the count), over any axes, with no product of the full size.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { useReduceGradientsWithoutOnes } from '../src/backend/reduce-gradients';

before(async () => {
  await tf.setBackend('cpu');
  useReduceGradientsWithoutOnes();
});

const cases: { shape: number[]; axis: number | number[] | undefined; keepDims: boolean }[] = [
  { shape: [4, 3, 5, 6], axis: [0, 1, 2], keepDims: false }, // a bias gradient, batch statistics
  { shape: [4, 3, 5, 6], axis: [1, 3], keepDims: true }, // axes apart
  { shape: [4, 3, 5, 6], axis: -1, keepDims: false },
  { shape: [7, 9], axis: 0, keepDims: false },
  { shape: [7, 9], axis: undefined, keepDims: false }, // every axis
  { shape: [7, 9], axis: [1, 0], keepDims: true },
];

/** tfjs's gradient of Sum (mean: false) or Mean, written out: dy reshaped, times ones(x.shape), for Mean over n. */
function tfjsFormula(dy: tf.Tensor, shape: number[], axis: number | number[] | undefined, mean: boolean): tf.Tensor {
  const axes = axis === undefined ? shape.map((_, i) => i) : tf.util.parseAxisParam(axis, shape);
  const expanded = shape.map((size, i) => (axes.includes(i) ? 1 : size));
  const product = tf.mul(tf.reshape(dy, expanded), tf.ones(shape, 'float32'));
  return mean ? tf.div(product, tf.util.sizeFromShape(axes.map((i) => shape[i]))) : product;
}

for (const mean of [false, true]) {
  const op = mean ? tf.mean : tf.sum;
  const name = mean ? 'Mean' : 'Sum';

  test(`${name}'s gradient is tfjs's formula bit for bit, over any axes, with no tensor left behind`, () => {
    for (const [i, { shape, axis, keepDims }] of cases.entries()) {
      const x = tf.randomUniform(shape, -3, 3, 'float32', i);
      // A dy of awkward values (not powers of two), so that dividing another way would round differently.
      const dy = tf.randomUniform(
        tf.tidy(() => op(x, axis, keepDims).shape),
        -1e3,
        1e3,
        'float32',
        100 + i,
      );
      const before = tf.memory().numTensors;
      const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(op(input, axis, keepDims), dy)))(x);
      assert.equal(tf.memory().numTensors, before + 1, `${name} ${JSON.stringify(axis)}: only the gradient is left`);
      const expected = tfjsFormula(dy, shape, axis, mean);
      assert.deepEqual(gradient.shape, shape);
      assert.deepEqual(gradient.dataSync(), expected.dataSync(), `${name} over ${JSON.stringify(axis)} of ${shape}`);
      tf.dispose([x, dy, gradient, expected]);
    }
  });

  test(`${name}'s gradient broadcasts dy (Tile) instead of multiplying a tensor of ones`, async () => {
    const x = tf.randomUniform([8, 5, 5, 4], -1, 1, 'float32', 7);
    const profile = await tf.profile(() => tf.grad((input: tf.Tensor) => op(input, [0, 1, 2]))(x));
    const kernels = profile.kernels.map((k) => k.name);
    assert.ok(kernels.includes('Tile'), kernels.join(' '));
    assert.ok(!kernels.includes('Multiply'), kernels.join(' '));
    tf.dispose([x, profile.result as tf.Tensor]);
  });
}
