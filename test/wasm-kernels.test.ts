// genlab's wasm training kernels against the cpu backend, plus a finite-difference check of a conv net.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { activateWasm } from '../src/backend/wasm';
import {
  caseShapes,
  convCases,
  describeCase,
  KernelInputs,
  Pad,
  random,
  relativeError,
  runOn,
} from './support/kernel-cases';

async function expectSameAsCpu(kernel: string, inputs: KernelInputs, attrs: object) {
  const expected = await runOn('cpu', kernel, inputs, attrs);
  const actual = await runOn('wasm', kernel, inputs, attrs);
  assert.deepEqual(actual.shape, expected.shape);
  const error = relativeError(actual.values, expected.values);
  assert.ok(error < 1e-4, `${kernel}: relative error ${error}`);
}

before(async () => {
  await activateWasm();
});

describe('wasm training kernels match the cpu backend within 1e-4 relative error', () => {
  for (const c of convCases) {
    const name = describeCase(c);
    const { xShape, filterShape, dyShape, attrs } = caseShapes(c);

    test(`Conv2DBackpropFilter: ${name}`, async () => {
      await expectSameAsCpu(
        'Conv2DBackpropFilter',
        { x: [random(xShape, 1), xShape], dy: [random(dyShape, 2), dyShape] },
        { ...attrs, filterShape },
      );
    });
    test(`Conv2DBackpropInput: ${name}`, async () => {
      await expectSameAsCpu(
        'Conv2DBackpropInput',
        { dy: [random(dyShape, 3), dyShape], filter: [random(filterShape, 4), filterShape] },
        { ...attrs, inputShape: xShape },
      );
    });
  }

  // One output channel takes genlab's path; more channels or a non-linear activation, the package's kernel.
  for (const [stride, pad, kernel, size, outChannels, activation] of [
    [1, 'same', 3, 28, 1, 'linear'],
    [2, 'same', 5, 9, 1, 'linear'],
    [2, 'valid', 4, 11, 1, 'linear'],
    [1, 'valid', 5, 8, 1, 'linear'],
    [1, 'same', 3, 8, 4, 'linear'],
    [1, 'same', 3, 8, 1, 'relu'],
  ] as [number, Pad, number, number, number, string][]) {
    test(`FusedConv2D: stride ${stride}, ${pad}, kernel ${kernel}, ${size}×${size}×8 → ${outChannels}, ${activation}`, async () => {
      const xShape = [3, size, size, 8];
      const filterShape = [kernel, kernel, 8, outChannels];
      await expectSameAsCpu(
        'FusedConv2D',
        {
          x: [random(xShape, 10), xShape],
          filter: [random(filterShape, 11), filterShape],
          bias: [random([outChannels], 12), [outChannels]],
        },
        { strides: stride, pad, dataFormat: 'NHWC', dilations: 1, activation, leakyreluAlpha: 0.2 },
      );
    });
  }
  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ]) {
    test(`BatchMatMul with transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
      const aShape = transposeA ? [1, 50, 30] : [1, 30, 50];
      const bShape = transposeB ? [1, 20, 50] : [1, 50, 20];
      await expectSameAsCpu(
        'BatchMatMul',
        { a: [random(aShape, 5), aShape], b: [random(bShape, 6), bShape] },
        { transposeA, transposeB },
      );
    });
  }
  for (const [shape, reps] of [
    [
      [1, 1, 1, 5],
      [4, 3, 2, 1],
    ],
    [
      [2, 3, 4],
      [3, 1, 2],
    ],
    [[7], [3]],
    [
      [2, 1, 3, 2],
      [1, 5, 1, 3],
    ],
  ]) {
    test(`Tile of ${JSON.stringify(shape)} by ${JSON.stringify(reps)}`, async () => {
      await expectSameAsCpu('Tile', { x: [random(shape, 9), shape] }, { reps });
    });
  }
  for (const shape of [[3, 5, 5, 4], [6, 7], [9]]) {
    test(`LeakyRelu of ${JSON.stringify(shape)}`, async () => {
      await expectSameAsCpu('LeakyRelu', { x: [random(shape, 13), shape] }, { alpha: 0.3 });
    });
  }
  test('BatchMatMul A·Bᵀ with A smaller than B (computed as (B·Aᵀ)ᵀ)', async () => {
    await expectSameAsCpu(
      'BatchMatMul',
      { a: [random([1, 8, 50], 5), [1, 8, 50]], b: [random([1, 40, 50], 6), [1, 40, 50]] },
      { transposeA: false, transposeB: true },
    );
  });
  // Two matrices (a Dense layer's product, as src/backend/fused-gradients.ts sends it) and batches as tfjs's op sends
  // them, each operand transposed or not, with and without a bias: the package's kernel adds the bias wrongly to a
  // batched or transposed product.
  for (const [aShape, bShape, transposeA, transposeB, withBias, activation] of [
    [[6, 5], [5, 4], false, false, true, 'linear'],
    [[6, 5], [4, 5], false, true, true, 'relu'],
    [[5, 6], [5, 4], true, false, true, 'leakyrelu'],
    [[1, 6, 5], [1, 5, 4], false, false, true, 'relu'],
    [[1, 6, 5], [1, 4, 5], false, true, true, 'sigmoid'],
    [[2, 5, 6], [2, 4, 5], true, true, true, 'linear'],
    [[2, 6, 5], [2, 5, 4], false, false, true, 'elu'],
    [[2, 6, 5], [2, 5, 4], false, false, false, 'relu6'],
    [[1, 5, 6], [1, 4, 5], true, true, false, 'relu'],
  ] as [number[], number[], boolean, boolean, boolean, string][]) {
    const name = `${aShape.join('×')}${transposeA ? 'ᵀ' : ''} · ${bShape.join('×')}${transposeB ? 'ᵀ' : ''}`;
    test(`_FusedMatMul of ${name}${withBias ? ', bias' : ''}, ${activation}`, async () => {
      const inputs: KernelInputs = { a: [random(aShape, 10), aShape], b: [random(bShape, 11), bShape] };
      if (withBias) inputs.bias = [random([4], 12), [4]];
      await expectSameAsCpu('_FusedMatMul', inputs, { transposeA, transposeB, activation, leakyreluAlpha: 0.3 });
    });
  }
  test('BatchMatMul with a true batch of matrices', async () => {
    await expectSameAsCpu(
      'BatchMatMul',
      { a: [random([3, 4, 5], 7), [3, 4, 5]], b: [random([3, 6, 5], 8), [3, 6, 5]] },
      { transposeA: false, transposeB: true },
    );
  });
});

for (const filterShape of [
  [5, 5, 3, 4],
  [5, 5, 1, 4],
  [3, 3, 4, 1],
] as [number, number, number, number][]) {
  test(`the new kernels free every intermediate buffer, filter ${filterShape.join('×')}`, async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.randomNormal([2, 8, 8, filterShape[2]]) as tf.Tensor4D;
    const filter = tf.randomNormal(filterShape) as tf.Tensor4D;
    const lossOf = (w: tf.Tensor) =>
      tf
        .conv2dTranspose(
          tf.leakyRelu(tf.fused.conv2d({ x, filter: w as tf.Tensor4D, strides: 2, pad: 'same' })),
          w as tf.Tensor4D,
          x.shape,
          2,
          'same',
        )
        .square()
        .sum();
    tf.grad(lossOf)(filter).dispose(); // warm-up
    const buffers = backend.numDataIds();
    const tensors = tf.memory().numTensors;
    tf.grad(lossOf)(filter).dispose();
    assert.equal(backend.numDataIds(), buffers);
    assert.equal(tf.memory().numTensors, tensors);
    tf.dispose([x, filter]);
  });
}

test("Identity shares its input's wasm buffer, which lives until both tensors are disposed", async () => {
  await tf.setBackend('wasm');
  const backend = tf.backend();
  const x = tf.tensor([1, 2, 3]);
  const buffers = backend.numDataIds();
  const y = tf.engine().runKernel('Identity', { x }) as tf.Tensor;
  assert.equal(backend.numDataIds(), buffers); // no copy
  x.dispose();
  assert.deepEqual([...y.dataSync()], [1, 2, 3]);
  y.dispose();
  assert.equal(backend.numDataIds(), buffers - 1);
});

test('Cast to the same dtype shares the buffer; to another dtype it converts into a new one', async () => {
  await tf.setBackend('wasm');
  const backend = tf.backend();
  const x = tf.tensor([1.5, -2.5, 3]);
  const buffers = backend.numDataIds();
  const same = tf.cast(x, 'float32');
  assert.equal(backend.numDataIds(), buffers);
  const int = tf.cast(x, 'int32');
  assert.equal(backend.numDataIds(), buffers + 1);
  x.dispose();
  assert.deepEqual([[...same.dataSync()], [...int.dataSync()], int.dtype], [[1.5, -2.5, 3], [1, -2, 3], 'int32']);
  tf.dispose([same, int]);
});

test('tensors kept for a gradient share their buffers without running Identity, and leave nothing behind', async () => {
  await tf.setBackend('wasm');
  const backend = tf.backend();
  const identity = tf.getKernel('Identity', 'wasm')!;
  let identityCalls = 0;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ ...identity, kernelFunc: (args) => (identityCalls++, identity.kernelFunc(args)) });
  try {
    const [x, w] = [tf.randomNormal([4, 3], 0, 1, 'float32', 1), tf.randomNormal([3, 2], 0, 1, 'float32', 2)];
    const [tensors, buffers] = [tf.memory().numTensors, backend.numDataIds()];
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b).square().sum())([x, w]);
    tf.dispose(grads);
    assert.deepEqual([identityCalls, tf.memory().numTensors, backend.numDataIds()], [0, tensors, buffers]);
    tf.dispose([x, w]);
  } finally {
    tf.unregisterKernel('Identity', 'wasm');
    tf.registerKernel(identity);
  }
});

test("a second derivative through kept tensors is the cpu backend's: d²/dx² of x·x·x is 6x", async () => {
  const secondDerivative = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() =>
      tf.grad((x: tf.Tensor) =>
        tf
          .grad((y: tf.Tensor) => y.mul(y).mul(y).sum())(x)
          .sum(),
      )(tf.tensor([-1, 0.5, 2])),
    );
  };
  const onWasm = [...(await (await secondDerivative('wasm')).data())];
  assert.deepEqual(onWasm, [-6, 3, 12]);
  assert.deepEqual(onWasm, [...(await (await secondDerivative('cpu')).data())]);
});

test('a tiny conv net has the gradient that finite differences give', async () => {
  await tf.setBackend('wasm');
  const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
  const w1 = tf.randomNormal([3, 3, 2, 3], 0, 0.5, 'float32', 12) as tf.Tensor4D;
  const w2 = tf.randomNormal([4, 4, 2, 3], 0, 0.5, 'float32', 13) as tf.Tensor4D;
  // Strided conv, tanh, transposed conv back to the input size: every new kernel is on the gradient path.
  const loss = (a: tf.Tensor4D, b: tf.Tensor4D) =>
    tf
      .conv2dTranspose(tf.tanh(tf.conv2d(x, a, 2, 'same')), b, x.shape, 2, 'same')
      .sin()
      .sum() as tf.Scalar;
  const [g1, g2] = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss(a as tf.Tensor4D, b as tf.Tensor4D))([w1, w2]);
  const eps = 1e-2;
  for (const [w, g, other] of [
    [w1, g1, 'first'],
    [w2, g2, 'second'],
  ] as const) {
    const values = w.dataSync().slice();
    const analytic = g.dataSync();
    for (const i of [0, 7, values.length - 1]) {
      const at = (delta: number) =>
        tf.tidy(() => {
          const shifted = values.slice();
          shifted[i] += delta;
          const moved = tf.tensor4d(shifted, w.shape);
          return (other === 'first' ? loss(moved, w2) : loss(w1, moved)).dataSync()[0];
        });
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      assert.ok(
        Math.abs(numeric - analytic[i]) < 2e-2 * Math.max(1, Math.abs(numeric)),
        `${other} filter, weight ${i}: finite difference ${numeric}, gradient ${analytic[i]}`,
      );
    }
  }
  tf.dispose([x, w1, w2, g1, g2]);
});
