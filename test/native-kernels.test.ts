// genlab's native oneDNN kernels against the cpu backend (each called directly, so that a kernel quietly handing
// the call to wasm cannot pass for it), their fallbacks, their gradients by finite differences, and no leaks.
// Skipped, with the command that builds them, where the addon is not built.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { NATIVE_ADDON_FILE, NATIVE_BUILD_COMMAND, loadNativeAddon } from '../src/backend/native-kernels/addon';
import { WasmBackend } from '../src/backend/native-kernels/heap';
import { nativeKernels } from '../src/backend/native-kernels';
import { activateWasm } from '../src/backend/wasm';
import { caseShapes, convCases, describeCase, KernelInputs, random, relativeError, runOn } from './support/kernel-cases';

const skip = fs.existsSync(NATIVE_ADDON_FILE) ? false : `the native addon is not built (run ${NATIVE_BUILD_COMMAND})`;
const TOLERANCE = 1e-4;

/** Runs the native kernel `name` itself on the wasm backend; fails if it declines the call. */
async function runNative(name: string, inputs: KernelInputs, attrs: object) {
  await tf.setBackend('wasm');
  const kernel = nativeKernels(loadNativeAddon(2)).find((k) => k.kernelName === name)!;
  const backend = tf.backend() as WasmBackend;
  return tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [input, [values, shape]] of Object.entries(inputs)) tensors[input] = tf.tensor(values, shape);
    const out = kernel.compute({ inputs: tensors, backend, attrs: attrs as tf.NamedAttrMap });
    assert.ok(out !== undefined, `the native ${name} declined the call`);
    const values = backend.readSync(out.dataId) as Float32Array;
    backend.disposeData(out.dataId);
    return { values, shape: out.shape };
  });
}

async function expectNativeSameAsCpu(name: string, inputs: KernelInputs, attrs: object) {
  const expected = await runOn('cpu', name, inputs, attrs);
  const actual = await runNative(name, inputs, attrs);
  assert.deepEqual(actual.shape, expected.shape);
  const error = relativeError(actual.values, expected.values);
  assert.ok(error < TOLERANCE, `${name}: relative error ${error}`);
}

/** The registered kernel (native or its wasm fallback) against cpu. */
async function expectRegisteredSameAsCpu(name: string, inputs: KernelInputs, attrs: object) {
  const expected = await runOn('cpu', name, inputs, attrs);
  const actual = await runOn('wasm', name, inputs, attrs);
  assert.deepEqual(actual.shape, expected.shape);
  const error = relativeError(actual.values, expected.values);
  assert.ok(error < TOLERANCE, `${name}: relative error ${error}`);
}

/** Whether the native kernel takes the call (true) or leaves it to wasm (false); tensors made with `make`. */
async function nativeTakes(name: string, make: () => Record<string, tf.Tensor>, attrs: object) {
  await tf.setBackend('wasm');
  const kernel = nativeKernels(loadNativeAddon(2)).find((k) => k.kernelName === name)!;
  const backend = tf.backend() as WasmBackend;
  return tf.tidy(() => {
    const out = kernel.compute({ inputs: make(), backend, attrs: attrs as tf.NamedAttrMap });
    if (out !== undefined) backend.disposeData(out.dataId);
    return out !== undefined;
  });
}

const tensorsOf = (inputs: KernelInputs) => () =>
  Object.fromEntries(Object.entries(inputs).map(([name, [values, shape]]) => [name, tf.tensor(values, shape)]));

before(async () => {
  if (!skip) await activateWasm({ native: true });
});

const ACTIVATIONS = ['linear', 'relu', 'leakyrelu', 'relu6', 'sigmoid', 'elu'];

describe(`native convolutions match the cpu backend within ${TOLERANCE} relative error`, { skip }, () => {
  for (const [n, c] of convCases.entries()) {
    const { xShape, filterShape, dyShape, attrs } = caseShapes(c);
    const name = describeCase(c);
    // Made inside each test: random() needs a backend, which starts in before().
    const x = (): [Float32Array, number[]] => [random(xShape, 1), xShape];
    const filter = (): [Float32Array, number[]] => [random(filterShape, 2), filterShape];
    const dy = (): [Float32Array, number[]] => [random(dyShape, 3), dyShape];
    test(`Conv2D: ${name}`, () => expectNativeSameAsCpu('Conv2D', { x: x(), filter: filter() }, { ...attrs, dilations: 1 }));
    const activation = ACTIVATIONS[n % ACTIVATIONS.length];
    test(`FusedConv2D with bias and ${activation}: ${name}`, () => expectNativeSameAsCpu('FusedConv2D',
      { x: x(), filter: filter(), bias: [random([c.outChannels], 4), [c.outChannels]] },
      { ...attrs, dilations: 1, activation, leakyreluAlpha: 0.3 }));
    test(`Conv2DBackpropInput: ${name}`, () =>
      expectNativeSameAsCpu('Conv2DBackpropInput', { dy: dy(), filter: filter() }, { ...attrs, inputShape: xShape }));
    test(`Conv2DBackpropFilter: ${name}`, () =>
      expectNativeSameAsCpu('Conv2DBackpropFilter', { x: x(), dy: dy() }, { ...attrs, filterShape }));
  }
  test('Conv2D with dilation 2', () => expectNativeSameAsCpu('Conv2D',
    { x: [random([2, 11, 9, 3], 5), [2, 11, 9, 3]], filter: [random([3, 3, 3, 4], 6), [3, 3, 3, 4]] },
    { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 2 }));
});

describe(`native matrix products match the cpu backend within ${TOLERANCE} relative error`, { skip }, () => {
  // [a batch, b batch, m, k, n]: the models' Dense layers at batch 1 and 64, odd sizes, and batches of matrices.
  const shapes = [[1, 1, 64, 784, 400], [1, 1, 1, 100, 12544], [1, 1, 64, 256, 1], [1, 1, 7, 13, 5], [3, 3, 4, 5, 6], [4, 1, 5, 8, 3], [1, 2, 6, 3, 9]];
  for (const [batchA, batchB, m, k, n] of shapes) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const aShape = [batchA, ...(transposeA ? [k, m] : [m, k])];
      const bShape = [batchB, ...(transposeB ? [n, k] : [k, n])];
      const inputs = (): KernelInputs => ({ a: [random(aShape, 7), aShape], b: [random(bShape, 8), bShape] });
      const name = `${JSON.stringify(aShape)}·${JSON.stringify(bShape)}, transposeA=${transposeA}, transposeB=${transposeB}`;
      test(`BatchMatMul ${name}`, () => expectNativeSameAsCpu('BatchMatMul', inputs(), { transposeA, transposeB }));
      if (batchA === 1 && batchB === 1) {
        const activation = ACTIVATIONS[(m + n) % ACTIVATIONS.length];
        test(`_FusedMatMul with bias and ${activation}, ${name}`, () => expectNativeSameAsCpu('_FusedMatMul',
          { ...inputs(), bias: [random([n], 9), [n]] }, { transposeA, transposeB, activation, leakyreluAlpha: 0.2 }));
      }
    }
  }
});

describe(`native max-pooling matches the cpu backend within ${TOLERANCE} relative error`, { skip }, () => {
  // [batch, height, width, channels, filter, stride, pad]
  const pools: [number, number, number, number, number | [number, number], number | [number, number], 'same' | 'valid'][] = [
    [64, 28, 28, 32, 2, 2, 'valid'], [64, 14, 14, 64, 2, 2, 'valid'], [1, 7, 9, 3, 3, 2, 'same'], [2, 8, 8, 256, 3, 1, 'same'],
    [3, 11, 10, 5, [2, 3], [1, 2], 'valid'], [2, 9, 9, 1, 3, 3, 'same'],
  ];
  for (const [batch, height, width, channels, filterSize, strides, pad] of pools) {
    const xShape = [batch, height, width, channels];
    const attrs = { filterSize, strides, pad, dimRoundingMode: undefined };
    const name = `${xShape.join('×')}, filter ${filterSize}, stride ${strides}, ${pad}`;
    test(`MaxPool ${name}`, () => expectNativeSameAsCpu('MaxPool', { x: [random(xShape, 10), xShape] }, attrs));
    test(`MaxPoolGrad ${name}`, async () => {
      const x: [Float32Array, number[]] = [random(xShape, 10), xShape];
      const y = await runOn('cpu', 'MaxPool', { x }, attrs);
      await expectNativeSameAsCpu('MaxPoolGrad',
        { dy: [random(y.shape, 11), y.shape], input: x, output: [y.values, y.shape] }, attrs);
    });
  }
});

describe('calls the native kernels do not take go to the wasm kernels and still match cpu', { skip }, () => {
  const x = (): [Float32Array, number[]] => [random([2, 6, 6, 3], 1), [2, 6, 6, 3]];
  const filter = (): [Float32Array, number[]] => [random([3, 3, 3, 4], 2), [3, 3, 3, 4]];
  const conv = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
  const cases: [string, string, () => KernelInputs, object][] = [
    ['FusedConv2D with a PReLU activation (weights oneDNN does not fuse)', 'FusedConv2D',
      () => ({ x: x(), filter: filter(), bias: [random([4], 3), [4]], preluActivationWeights: [random([4], 4), [4]] }), { ...conv, activation: 'prelu' }],
    ['BatchMatMul whose batches broadcast both ways ([2, 1] against [1, 3])', 'BatchMatMul',
      () => ({ a: [random([2, 1, 4, 5], 1), [2, 1, 4, 5]], b: [random([1, 3, 5, 2], 2), [1, 3, 5, 2]] }), { transposeA: false, transposeB: false }],
  ];
  for (const [name, kernel, inputs, attrs] of cases) {
    test(name, async () => {
      const values = inputs();
      assert.equal(await nativeTakes(kernel, tensorsOf(values), attrs), false);
      await expectRegisteredSameAsCpu(kernel, values, attrs);
    });
  }
  test('BatchMatMul of int32 matrices is left to wasm, whose own error shows (not a wrong answer)', async () => {
    const int = (values: number[]) => tf.tensor3d(values, [1, 2, 2], 'int32');
    assert.equal(await nativeTakes('BatchMatMul', () => ({ a: int([1, 2, 3, 4]), b: int([5, 6, 7, 8]) }), { transposeA: false, transposeB: false }), false);
    assert.throws(() => tf.tidy(() => tf.matMul(int([1, 2, 3, 4]), int([5, 6, 7, 8]))), /BatchMatMul for non non-float32 tensors not yet supported/);
  });
});

describe('native kernels in training', { skip }, () => {
  test('a small network through every native kernel has the gradient finite differences give', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
    const weights = [
      tf.randomNormal([3, 3, 2, 4], 0, 0.5, 'float32', 12), // conv, stride 2
      tf.randomNormal([4], 0, 0.5, 'float32', 13), // its bias (FusedConv2D)
      tf.randomNormal([4, 4, 2, 4], 0, 0.5, 'float32', 14), // transposed conv back to 8×8
      tf.randomNormal([32, 3], 0, 0.5, 'float32', 15), // dense after pooling
    ];
    const loss = ([w1, b1, w2, w3]: tf.Tensor[]) => tf.tidy(() => {
      const h = tf.fused.conv2d({ x, filter: w1 as tf.Tensor4D, bias: b1, strides: 2, pad: 'same', activation: 'linear' }).tanh();
      const up = tf.conv2dTranspose(h as tf.Tensor4D, w2 as tf.Tensor4D, x.shape, 2, 'same');
      const pooled = tf.maxPool(up, 2, 2, 'valid').reshape([2, 32]);
      return tf.matMul(pooled, w3).sin().sum() as tf.Scalar;
    });
    const grads = tf.grads((...ws: tf.Tensor[]) => loss(ws))(weights);
    const eps = 1e-2;
    for (const [index, weight] of weights.entries()) {
      const values = weight.dataSync().slice();
      const analytic = grads[index].dataSync();
      for (const i of [0, 3, values.length - 1]) {
        const at = (delta: number) => {
          const shifted = values.slice();
          shifted[i] += delta;
          const moved = tf.tensor(shifted, weight.shape);
          const value = loss(weights.map((w, j) => (j === index ? moved : w))).dataSync()[0];
          moved.dispose();
          return value;
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        assert.ok(Math.abs(numeric - analytic[i]) < 2e-2 * Math.max(1, Math.abs(numeric)),
          `weight ${index}, entry ${i}: finite difference ${numeric}, gradient ${analytic[i]}`);
      }
    }
    tf.dispose([x, ...weights, ...grads]);
  });

  test('a training step leaves no tensor and no wasm buffer behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.randomNormal([4, 8, 8, 3]) as tf.Tensor4D;
    const filter = tf.variable(tf.randomNormal([3, 3, 3, 4]));
    const dense = tf.variable(tf.randomNormal([64, 2]));
    const optimizer = tf.train.adam(1e-3);
    const step = () => optimizer.minimize(() => {
      const h = tf.fused.conv2d({ x, filter: filter as tf.Tensor4D, strides: 1, pad: 'same', activation: 'relu' });
      const pooled = tf.maxPool(h, 2, 2, 'valid').reshape([4, 64]);
      return tf.fused.matMul({ a: pooled, b: dense, activation: 'relu' }).square().mean() as tf.Scalar;
    });
    step(); // warm-up: the optimiser creates its slots
    const buffers = backend.numDataIds();
    const tensors = tf.memory().numTensors;
    step();
    assert.equal(backend.numDataIds(), buffers);
    assert.equal(tf.memory().numTensors, tensors);
    tf.dispose([x, filter, dense]);
    optimizer.dispose();
  });
});
