// Gradients of tf.fused.matMul and tf.fused.conv2d on demand (src/backend/fused-gradients.ts): the same numbers as
// the same products written without fusion, exactly, and only the gradients asked for computed.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { useFusedGradientsOnDemand } from '../src/backend/fused-gradients';

before(async () => {
  await tf.setBackend('cpu');
  useFusedGradientsOnDemand();
});

const random = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** The kernels `run` launches, by name. */
async function kernelsOf(run: () => tf.TensorContainer): Promise<string[]> {
  const info = await tf.profile(() => run());
  return info.kernels.map((k) => k.name);
}
const count = (names: string[], name: string) => names.filter((n) => n === name).length;

/** ∂ Σ w ⊙ f(inputs) / ∂ inputs, for a fixed random w: any dy, not just ones. */
function gradientsOf(f: (...inputs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed: number): tf.Tensor[] {
  return tf.tidy(() => {
    const weights = random(f(...inputs).shape, seed);
    return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(inputs);
  });
}

/** The gradients of `fused` and of `plain` at `inputs`, equal exactly, leaving no tensor behind (inputs disposed). */
async function expectSameGradients(
  fused: (...inputs: tf.Tensor[]) => tf.Tensor,
  plain: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
) {
  const before = tf.memory().numTensors;
  const [actual, expected] = [gradientsOf(fused, inputs, 4), gradientsOf(plain, inputs, 4)];
  assert.equal(tf.memory().numTensors, before + 2 * inputs.length, 'no tensor left behind but the gradients');
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.deepEqual(actual[i].shape, expected[i].shape, `gradient ${i}'s shape`);
    assert.deepEqual([...(await actual[i].data())], [...(await expected[i].data())], `gradient ${i}'s values`);
  }
  tf.dispose([...actual, ...expected, ...inputs]);
}

describe('tf.fused.matMul: the gradients of a, b and the bias equal those of matMul and add, exactly', () => {
  // [a's shape, b's shape, transposeA, transposeB, bias shape or none]
  const cases: [number[], number[], boolean, boolean, number[] | undefined][] = [
    [[64, 20], [20, 30], false, false, [30]],
    [[6, 5], [4, 5], false, true, [4]],
    [[5, 6], [5, 4], true, false, [1, 4]],
    [[5, 6], [4, 5], true, true, undefined],
    [[3, 6, 5], [3, 5, 4], false, false, [4]],
    [[2, 6], [6, 3], false, false, [2, 3]], // a bias per output, broadcast along nothing
  ];
  for (const [aShape, bShape, transposeA, transposeB, biasShape] of cases) {
    const name = `${aShape.join('×')}${transposeA ? 'ᵀ' : ''} · ${bShape.join('×')}${transposeB ? 'ᵀ' : ''}${biasShape ? ` + bias ${biasShape.join('×')}` : ''}`;
    test(name, async () => {
      const inputs = [random(aShape, 1), random(bShape, 2), ...(biasShape ? [random(biasShape, 3)] : [])];
      const fused = (a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor) =>
        tf.fused.matMul({ a, b, transposeA, transposeB, bias });
      const plain = (a: tf.Tensor, b: tf.Tensor, bias?: tf.Tensor) => {
        const product = tf.matMul(a, b, transposeA, transposeB);
        return bias ? tf.add(product, bias) : product;
      };
      await expectSameGradients(fused, plain, inputs);
    });
  }

  test('a weight gradient alone runs one product, not two; the input gradient alone runs no bias sum', async () => {
    const [x, w, bias] = [random([8, 5], 1), random([5, 3], 2), random([3], 3)];
    const y = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.fused.matMul({ a, b, bias }));
    const weightOnly = await kernelsOf(() => tf.grad((b: tf.Tensor) => y(x, b))(w));
    assert.equal(count(weightOnly, 'BatchMatMul'), 1, weightOnly.join(' '));
    const inputOnly = await kernelsOf(() => tf.grad((a: tf.Tensor) => y(a, w))(x));
    assert.equal(count(inputOnly, 'BatchMatMul'), 1, inputOnly.join(' '));
    assert.equal(count(inputOnly, 'Sum'), 1, `only the loss's own sum: ${inputOnly.join(' ')}`);
    tf.dispose([x, w, bias]);
  });

  test('a Dense layer in a model takes the fused kernel, and its frozen input gets no gradient', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [6] })] });
    const x = random([5, 6], 1);
    const kernels = await kernelsOf(
      () => tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor)).grads,
    );
    assert.equal(count(kernels, '_FusedMatMul'), 1, kernels.join(' '));
    assert.equal(count(kernels, 'BatchMatMul'), 1, `the weight gradient only: ${kernels.join(' ')}`);
    // The product takes the matrices as they are; the one Reshape is the gradient of the loss's tf.sum.
    assert.equal(count(kernels, 'Reshape'), 1, kernels.join(' '));
    x.dispose();
    model.dispose();
  });

  test('an activation, which tfjs does not fuse under a gradient, and inference keep tfjs’s own op', async () => {
    const [a, b, bias] = [random([4, 3], 1), random([3, 2], 2), random([2], 3)];
    const withRelu = await kernelsOf(() =>
      tf.grad((w: tf.Tensor) => tf.sum(tf.fused.matMul({ a, b: w, bias, activation: 'relu' })))(b),
    );
    assert.equal(count(withRelu, '_FusedMatMul'), 0, withRelu.join(' '));
    const inference = tf.fused.matMul({ a, b, bias, activation: 'relu' });
    const expected = tf.relu(tf.add(tf.matMul(a, b), bias));
    assert.deepEqual([...(await inference.data())], [...(await expected.data())]);
    tf.dispose([a, b, bias, inference, expected]);
  });
});

describe('tf.fused.conv2d: the gradients of x, the filter and the bias equal those of conv2d and add, exactly', () => {
  // [x's shape, filter's shape, strides, padding, with a bias]
  const cases: [number[], number[], number | [number, number], 'same' | 'valid' | number, boolean][] = [
    [[2, 9, 9, 3], [3, 3, 3, 4], 1, 'same', true],
    [[2, 10, 9, 2], [5, 5, 2, 3], 2, 'same', true],
    [[1, 8, 7, 3], [3, 2, 3, 2], [2, 1], 'valid', false],
    [[2, 7, 7, 1], [4, 4, 1, 2], 2, 1, true],
  ];
  for (const [xShape, filterShape, strides, pad, withBias] of cases) {
    const name = `${xShape.join('×')} * ${filterShape.join('×')}, stride ${strides}, ${pad}${withBias ? ', bias' : ''}`;
    test(name, async () => {
      const inputs = [random(xShape, 1), random(filterShape, 2), ...(withBias ? [random([filterShape[3]], 3)] : [])];
      const fused = (x: tf.Tensor, filter: tf.Tensor, bias?: tf.Tensor) =>
        tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides, pad, bias });
      const plain = (x: tf.Tensor, filter: tf.Tensor, bias?: tf.Tensor) => {
        const y = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, strides, pad);
        return bias ? tf.add(y, bias) : y;
      };
      await expectSameGradients(fused, plain, inputs);
    });
  }

  test('a filter gradient alone runs no input gradient (a first layer’s images need none)', async () => {
    const [x, filter, bias] = [random([2, 8, 8, 1], 1), random([3, 3, 1, 4], 2), random([4], 3)];
    const kernels = await kernelsOf(() =>
      tf.grad((f: tf.Tensor) =>
        tf.sum(tf.fused.conv2d({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, strides: 1, pad: 'same', bias })),
      )(filter),
    );
    assert.equal(count(kernels, 'FusedConv2D'), 1, kernels.join(' '));
    assert.equal(count(kernels, 'Conv2DBackpropFilter'), 1, kernels.join(' '));
    assert.equal(count(kernels, 'Conv2DBackpropInput'), 0, kernels.join(' '));
    tf.dispose([x, filter, bias]);
  });
});
