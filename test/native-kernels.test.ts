// genlab's native oneDNN kernels against the cpu backend (each called directly, so that a kernel quietly handing
// the call to wasm cannot pass for it), their fallbacks, their gradients by finite differences, and no leaks.
// Skipped, with the command that builds them, where the addon is not built.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { NATIVE_ADDON_FILE, NATIVE_BUILD_COMMAND, loadNativeAddon } from '../src/backend/native-kernels/addon';
import { WasmBackend } from '../src/backend/native-kernels/heap';
import { nativeKernels } from '../src/backend/native-kernels';
import { ADAM_KERNEL } from '../src/backend/native-kernels/adam';
import { DROPOUT_MASK_KERNEL } from '../src/backend/native-kernels/dropout';
import { LEAKY_RELU_GRAD_KERNEL } from '../src/backend/native-kernels/leaky-relu-gradient';
import { activateWasm } from '../src/backend/wasm';
import { disposeCheckpoint, readCheckpoint, writeCheckpoint } from '../src/storage/checkpoint';
import { captureTraining, restoreTraining } from '../src/storage/training-state';
import { withSeed } from '../src/training/seeded';
import {
  caseShapes,
  convCases,
  describeCase,
  KernelInputs,
  random,
  relativeError,
  runOn,
} from './support/kernel-cases';
import { tempDir } from './support/temp';

const skip = fs.existsSync(NATIVE_ADDON_FILE) ? false : `the native addon is not built (run ${NATIVE_BUILD_COMMAND})`;
const TOLERANCE = 1e-4;

/** Runs the native kernel `name` itself on the wasm backend; fails if it declines the call. */
async function runNative(name: string, inputs: KernelInputs, attrs: object) {
  await tf.setBackend('wasm');
  const kernel = nativeKernels(loadNativeAddon(2)).find((k) => k.kernelName === name)!;
  const backend = tf.backend() as WasmBackend;
  return tf.tidy(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [input, [values, shape, dtype]] of Object.entries(inputs))
      tensors[input] = tf.tensor(values, shape, dtype);
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
  Object.fromEntries(
    Object.entries(inputs).map(([name, [values, shape, dtype]]) => [name, tf.tensor(values, shape, dtype)]),
  );

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
    test(`Conv2D: ${name}`, () =>
      expectNativeSameAsCpu('Conv2D', { x: x(), filter: filter() }, { ...attrs, dilations: 1 }));
    const activation = ACTIVATIONS[n % ACTIVATIONS.length];
    test(`FusedConv2D with bias and ${activation}: ${name}`, () =>
      expectNativeSameAsCpu(
        'FusedConv2D',
        { x: x(), filter: filter(), bias: [random([c.outChannels], 4), [c.outChannels]] },
        { ...attrs, dilations: 1, activation, leakyreluAlpha: 0.3 },
      ));
    test(`Conv2DBackpropInput: ${name}`, () =>
      expectNativeSameAsCpu('Conv2DBackpropInput', { dy: dy(), filter: filter() }, { ...attrs, inputShape: xShape }));
    test(`Conv2DBackpropFilter: ${name}`, () =>
      expectNativeSameAsCpu('Conv2DBackpropFilter', { x: x(), dy: dy() }, { ...attrs, filterShape }));
  }
  test('Conv2D with dilation 2', () =>
    expectNativeSameAsCpu(
      'Conv2D',
      { x: [random([2, 11, 9, 3], 5), [2, 11, 9, 3]], filter: [random([3, 3, 3, 4], 6), [3, 3, 3, 4]] },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 2 },
    ));
});

describe(`native matrix products match the cpu backend within ${TOLERANCE} relative error`, { skip }, () => {
  // [a batch, b batch, m, k, n]: the models' Dense layers at batch 1 and 64, odd sizes, and batches of matrices.
  const shapes = [
    [1, 1, 64, 784, 400],
    [1, 1, 1, 100, 12544],
    [1, 1, 64, 256, 1],
    [1, 1, 7, 13, 5],
    [3, 3, 4, 5, 6],
    [4, 1, 5, 8, 3],
    [1, 2, 6, 3, 9],
  ];
  for (const [batchA, batchB, m, k, n] of shapes) {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ]) {
      const aShape = [batchA, ...(transposeA ? [k, m] : [m, k])];
      const bShape = [batchB, ...(transposeB ? [n, k] : [k, n])];
      const inputs = (): KernelInputs => ({ a: [random(aShape, 7), aShape], b: [random(bShape, 8), bShape] });
      const name = `${JSON.stringify(aShape)}·${JSON.stringify(bShape)}, transposeA=${transposeA}, transposeB=${transposeB}`;
      test(`BatchMatMul ${name}`, () => expectNativeSameAsCpu('BatchMatMul', inputs(), { transposeA, transposeB }));
      if (batchA === 1 && batchB === 1) {
        const activation = ACTIVATIONS[(m + n) % ACTIVATIONS.length];
        test(`_FusedMatMul with bias and ${activation}, ${name}`, () =>
          expectNativeSameAsCpu(
            '_FusedMatMul',
            { ...inputs(), bias: [random([n], 9), [n]] },
            { transposeA, transposeB, activation, leakyreluAlpha: 0.2 },
          ));
      }
    }
  }
});

describe(`native max-pooling matches the cpu backend within ${TOLERANCE} relative error`, { skip }, () => {
  // [batch, height, width, channels, filter, stride, pad]
  const pools: [
    number,
    number,
    number,
    number,
    number | [number, number],
    number | [number, number],
    'same' | 'valid',
  ][] = [
    [64, 28, 28, 32, 2, 2, 'valid'],
    [64, 14, 14, 64, 2, 2, 'valid'],
    [1, 7, 9, 3, 3, 2, 'same'],
    [2, 8, 8, 256, 3, 1, 'same'],
    [3, 11, 10, 5, [2, 3], [1, 2], 'valid'],
    [2, 9, 9, 1, 3, 3, 'same'],
  ];
  for (const [batch, height, width, channels, filterSize, strides, pad] of pools) {
    const xShape = [batch, height, width, channels];
    const attrs = { filterSize, strides, pad, dimRoundingMode: undefined };
    const name = `${xShape.join('×')}, filter ${filterSize}, stride ${strides}, ${pad}`;
    test(`MaxPool ${name}`, () => expectNativeSameAsCpu('MaxPool', { x: [random(xShape, 10), xShape] }, attrs));
    test(`MaxPoolGrad ${name}`, async () => {
      const x: [Float32Array, number[]] = [random(xShape, 10), xShape];
      const y = await runOn('cpu', 'MaxPool', { x }, attrs);
      await expectNativeSameAsCpu(
        'MaxPoolGrad',
        { dy: [random(y.shape, 11), y.shape], input: x, output: [y.values, y.shape] },
        attrs,
      );
    });
  }
});

describe(`native elementwise kernels match the cpu backend within ${TOLERANCE} relative error`, { skip }, () => {
  // One value, odd sizes, and the models' activations (below and above the size where loops use both threads).
  const shapes = [[1], [7, 5], [64, 784], [64, 14, 14, 64], [64, 12544]];
  for (const shape of shapes) {
    const x = (): [Float32Array, number[]] => [random(shape, 21), shape];
    for (const kernel of ['Relu', 'Sigmoid', 'Tanh', 'Square', 'Exp', 'Neg', 'Softplus']) {
      test(`${kernel} ${shape.join('×')}`, () => expectNativeSameAsCpu(kernel, { x: x() }, {}));
    }
    test(`Floor ${shape.join('×')}, exactly`, async () => {
      const inputs: KernelInputs = { x: [random(shape, 21).map((v) => 4 * v), shape] };
      const actual = await runNative('Floor', inputs, {});
      assert.deepEqual([...actual.values], [...(await runOn('cpu', 'Floor', inputs, {})).values]);
    });
    test(`Step ${shape.join('×')}`, () => expectNativeSameAsCpu('Step', { x: x() }, { alpha: 0.25 }));
    test(`LeakyRelu ${shape.join('×')}`, () => expectNativeSameAsCpu('LeakyRelu', { x: x() }, { alpha: 0.2 }));
    test(`Greater ${shape.join('×')}, against a tensor and against a single value either side`, async () => {
      const one: [Float32Array, number[]] = [new Float32Array([0.1]), []];
      for (const inputs of [
        { a: x(), b: [random(shape, 22), shape] },
        { a: x(), b: one },
        { a: one, b: x() },
      ] as KernelInputs[]) {
        const expected = await runOn('cpu', 'Greater', inputs, {});
        const actual = await runNative('Greater', inputs, {});
        assert.deepEqual([actual.shape, [...actual.values]], [expected.shape, [...expected.values]]); // booleans: exactly
      }
    });
    test(`Select ${shape.join('×')}`, async () => {
      const condition = (await runOn('cpu', 'Greater', { a: x(), b: [new Float32Array([0]), []] }, {})).values;
      await expectNativeSameAsCpu(
        'Select',
        { condition: [condition, shape, 'bool'], t: x(), e: [random(shape, 23), shape] },
        {},
      );
    });
  }
  test("Softplus on either side of tfjs's cut-offs (exp(x) below ln 2⁻²³ + 2, x above its negation), each value within 1e-6", async () => {
    const cutOff = Math.log(2 ** -23) + 2;
    const values = [
      -100,
      -40,
      cutOff - 1e-3,
      cutOff,
      cutOff + 1e-3,
      -1,
      0,
      1e-3,
      1,
      -cutOff - 1e-3,
      -cutOff + 1e-3,
      40,
      88,
      100,
    ];
    const inputs: KernelInputs = { x: [new Float32Array(values), [values.length]] };
    const expected = (await runOn('cpu', 'Softplus', inputs, {})).values;
    const actual = (await runNative('Softplus', inputs, {})).values;
    actual.forEach((value, i) =>
      assert.ok(
        Math.abs(value - expected[i]) <= 1e-6 * Math.abs(expected[i]),
        `softplus(${values[i]}): ${value}, cpu ${expected[i]}`,
      ),
    );
  });
  // oneDNN flushes results below float's smallest normal number (2⁻¹²⁶) to 0: an absolute error under 1.2e-38.
  test('Exp from underflow to overflow (a GELU gradient takes exp(−x²/2) of large x), each value within 1e-6 or flushed below 2⁻¹²⁶', async () => {
    const values = [-120, -88, -80, -20, -1, -1e-3, 0, 1e-3, 1, 20, 80, 88, 89, 120];
    const inputs: KernelInputs = { x: [new Float32Array(values), [values.length]] };
    const expected = (await runOn('cpu', 'Exp', inputs, {})).values;
    const actual = (await runNative('Exp', inputs, {})).values;
    actual.forEach((value, i) =>
      assert.ok(
        value === expected[i] ||
          Math.abs(value - expected[i]) <= 1e-6 * Math.abs(expected[i]) ||
          (value === 0 && expected[i] < 2 ** -126),
        `exp(${values[i]}): ${value}, cpu ${expected[i]}`,
      ),
    );
  });
  test('Floor of negative values, halves, integers, zeros of either sign, NaN and infinities, in vectors and alone', async () => {
    const special = [
      -2.5,
      -2,
      -1.5,
      -0.5,
      -0,
      0,
      0.5,
      1,
      1.999,
      2.5,
      1e7 + 0.5,
      -3e38,
      NaN,
      Infinity,
      -Infinity,
      -1e-30,
    ];
    // 16 × 4 + 3 values: whole vectors of every width (SSE to AVX-512) and a remainder.
    const values = Array.from({ length: 16 * 4 + 3 }, (_, i) => special[(i * 7) % special.length]);
    const inputs: KernelInputs = { x: [new Float32Array(values), [values.length]] };
    const actual = await runNative('Floor', inputs, {});
    // Strict: -0 stays -0 (floor(-0) and floor(-1e-30) differ: -0 and -1), NaN stays NaN.
    assert.deepStrictEqual([...actual.values], [...(await runOn('cpu', 'Floor', inputs, {})).values]);
  });
  // [x shape, shape of the statistics, with offset and scale]
  const norms: [number[], number[], boolean][] = [
    [[64, 14, 14, 64], [64], true],
    [[64, 7, 7, 128], [1, 1, 1, 128], true],
    [[1, 1, 64, 12544], [12544], true],
    [[2, 3, 5, 7], [7], false],
    [[1, 1, 1, 1], [1], true],
  ];
  for (const [shape, statsShape, affine] of norms) {
    test(`FusedBatchNorm ${shape.join('×')}, statistics ${statsShape.join('×')}${affine ? ', offset and scale' : ''}`, () => {
      const stat = (seed: number, positive = false): [Float32Array, number[]] => [
        random(statsShape, seed).map((v) => (positive ? Math.abs(v) + 0.1 : v)),
        statsShape,
      ];
      const inputs: KernelInputs = { x: [random(shape, 24), shape], mean: stat(25), variance: stat(26, true) };
      if (affine) Object.assign(inputs, { offset: stat(27), scale: stat(28) });
      return expectNativeSameAsCpu('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 });
    });
  }
});

describe(
  `native arithmetic with a broadcast operand matches the cpu backend within ${TOLERANCE} relative error`,
  { skip },
  () => {
    // [a, b]: equal shapes, a per-channel factor (two ways of shaping it), one value, a Dense bias, one value per row
    // (of one or two leading axes), and for the commutative kernels the broadcast operand first.
    const pairs: [number[], number[]][] = [
      [
        [64, 14, 14, 64],
        [64, 14, 14, 64],
      ],
      [[64, 14, 14, 64], [64]],
      [
        [64, 7, 7, 128],
        [1, 1, 1, 128],
      ],
      [[64, 12544], []],
      [[7, 5], [5]],
      [[1, 1, 64, 12544], [12544]],
      [[3], [1]],
      [
        [64, 20],
        [64, 1],
      ],
      [
        [2, 3, 4, 5],
        [2, 3, 1, 1],
      ],
      [
        [1, 64, 784],
        [64, 1],
      ],
    ];
    for (const kernel of ['Add', 'Sub', 'Multiply', 'RealDiv']) {
      const cases = ['Add', 'Multiply'].includes(kernel)
        ? ([
            ...pairs,
            [[64], [2, 3, 64]],
            [
              [64, 1],
              [64, 784],
            ],
          ] as [number[], number[]][])
        : pairs;
      for (const [aShape, bShape] of cases) {
        test(`${kernel} ${aShape.join('×') || 'scalar'} and ${bShape.join('×') || 'scalar'}`, () =>
          expectNativeSameAsCpu(
            kernel,
            { a: [random(aShape, 33), aShape], b: [random(bShape, 34).map((v) => v + Math.sign(v)), bShape] },
            {},
          ));
      }
    }
  },
);

describe(`native sums and means match the cpu backend within ${TOLERANCE} relative error`, { skip }, () => {
  // [shape, axes]: bias gradients and batch statistics (all but the channels), rows, columns, everything, one value.
  const cases: [number[], number | number[]][] = [
    [
      [64, 14, 14, 64],
      [0, 1, 2],
    ],
    [
      [64, 7, 7, 128],
      [0, 1, 2],
    ],
    [[64, 12544], 0],
    [[64, 10], 1],
    [[64, 10], -1],
    [
      [3, 4, 5],
      [1, 2],
    ],
    [[3, 4, 5], 1],
    [
      [2, 3, 4, 5],
      [0, 1, 2, 3],
    ],
    [[1], 0],
    [[1000003], 0],
  ];
  for (const [shape, axis] of cases) {
    for (const kernel of ['Sum', 'Mean']) {
      for (const keepDims of [false, true]) {
        test(`${kernel} ${shape.join('×')} over ${JSON.stringify(axis)}${keepDims ? ', keeping dims' : ''}`, () =>
          expectNativeSameAsCpu(kernel, { x: [random(shape, 29), shape] }, { axis, keepDims }));
      }
    }
  }
});

describe('calls the native kernels do not take go to the wasm kernels and still match cpu', { skip }, () => {
  const x = (): [Float32Array, number[]] => [random([2, 6, 6, 3], 1), [2, 6, 6, 3]];
  const filter = (): [Float32Array, number[]] => [random([3, 3, 3, 4], 2), [3, 3, 3, 4]];
  const conv = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 };
  const cases: [string, string, () => KernelInputs, object][] = [
    [
      'FusedConv2D with a PReLU activation (weights oneDNN does not fuse)',
      'FusedConv2D',
      () => ({ x: x(), filter: filter(), bias: [random([4], 3), [4]], preluActivationWeights: [random([4], 4), [4]] }),
      { ...conv, activation: 'prelu' },
    ],
    [
      'BatchMatMul whose batches broadcast both ways ([2, 1] against [1, 3])',
      'BatchMatMul',
      () => ({ a: [random([2, 1, 4, 5], 1), [2, 1, 4, 5]], b: [random([1, 3, 5, 2], 2), [1, 3, 5, 2]] }),
      { transposeA: false, transposeB: false },
    ],
    [
      'Sub whose first operand is the broadcast one',
      'Sub',
      () => ({ a: [random([64], 1), [64]], b: [random([2, 64], 2), [2, 64]] }),
      {},
    ],
    [
      'Multiply broadcasting over a middle axis ([4, 1, 6] against [4, 5, 6])',
      'Multiply',
      () => ({ a: [random([4, 1, 6], 1), [4, 1, 6]], b: [random([4, 5, 6], 2), [4, 5, 6]] }),
      {},
    ],
    [
      'Sum over axes that are not neighbours (0 and 2)',
      'Sum',
      () => ({ x: [random([3, 4, 5], 1), [3, 4, 5]] }),
      { axis: [0, 2], keepDims: false },
    ],
    [
      'Greater whose inputs broadcast both ways ([2, 1] against [1, 3])',
      'Greater',
      () => ({ a: [random([2, 1], 1), [2, 1]], b: [random([1, 3], 2), [1, 3]] }),
      {},
    ],
    [
      'Select of whole rows by a one-dimensional condition',
      'Select',
      () => ({
        condition: [new Uint8Array([1, 0]), [2], 'bool'],
        t: [random([2, 3], 1), [2, 3]],
        e: [random([2, 3], 2), [2, 3]],
      }),
      {},
    ],
    [
      'FusedBatchNorm with one mean for every channel',
      'FusedBatchNorm',
      () => ({
        x: [random([2, 3, 3, 4], 1), [2, 3, 3, 4]],
        mean: [new Float32Array([0.5]), [1]],
        variance: [new Float32Array([2, 3, 4, 5]), [4]],
      }),
      { varianceEpsilon: 1e-3 },
    ],
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
    assert.equal(
      await nativeTakes('BatchMatMul', () => ({ a: int([1, 2, 3, 4]), b: int([5, 6, 7, 8]) }), {
        transposeA: false,
        transposeB: false,
      }),
      false,
    );
    assert.throws(
      () => tf.tidy(() => tf.matMul(int([1, 2, 3, 4]), int([5, 6, 7, 8]))),
      /BatchMatMul for non non-float32 tensors not yet supported/,
    );
  });
});

describe('native kernels in training', { skip }, () => {
  test("a leaky ReLU's gradient is one native kernel with tfjs's values, bit for bit, NaN, zero and sizes either side of the threads' line", async () => {
    for (const n of [7, 300_000]) {
      const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 3);
      values.set([NaN, 0, -0, -1e-30, 1e-30], 0);
      /** d/dx Σ w ⊙ leakyRelu(x) on `backend`, and the kernels that ran. */
      async function gradient(backend: string) {
        await tf.setBackend(backend);
        const [x, w] = [tf.tensor(values), tf.tensor(values.map((v, i) => (i % 3) - 1 + v / 7))];
        const run = () => tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(input, 0.2), w)))(x);
        const profile = await tf.profile(() => run());
        const dx = run();
        const result = { values: dx.dataSync().slice(), kernels: profile.kernels.map((k) => k.name) };
        tf.dispose([x, w, dx]);
        return result;
      }
      const [native, cpu] = [await gradient('wasm'), await gradient('cpu')];
      assert.ok(
        native.kernels.includes(LEAKY_RELU_GRAD_KERNEL) && !native.kernels.includes('Select'),
        `${n}: ${native.kernels}`,
      );
      assert.ok(!cpu.kernels.includes(LEAKY_RELU_GRAD_KERNEL), cpu.kernels.join(' '));
      assert.deepEqual(native.values, cpu.values, `${n} values`);
    }
  });

  test("a leaky ReLU's gradient of a gradient (a WGAN-GP's penalty) through the native kernel equals cpu's", async () => {
    /** d/dv Σ w ⊙ ∂(Σ v ⊙ leakyRelu(x))/∂x on `backend`: differentiates the kernel itself. */
    async function secondOrder(backend: string) {
      await tf.setBackend(backend);
      const [x, v, w] = [11, 12, 13].map((seed) => tf.randomNormal([40], 0, 1, 'float32', seed));
      const inner = (scale: tf.Tensor) =>
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(input, 0.2), scale)))(x);
      const [dv, dx] = tf.grads((scale: tf.Tensor, input: tf.Tensor) =>
        tf.sum(tf.mul(tf.grad((i: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(i, 0.2), scale)))(input), w)),
      )([v, x]);
      const result = [dv.dataSync().slice(), dx.dataSync().slice(), inner(v).dataSync().slice()];
      tf.dispose([x, v, w, dv, dx]);
      return result;
    }
    assert.deepEqual(await secondOrder('wasm'), await secondOrder('cpu'));
  });

  test("dropout's native mask continues seedrandom's Alea stream exactly and makes tfjs's mask from it in float32", async () => {
    await tf.setBackend('wasm');
    const f = Math.fround;
    for (const [seed, n, keepProb] of [
      ['genlab:1', 1, 0.7],
      ['0.6174', 7, 0.5],
      ['a longer seed string', 100_003, 0.9],
      // A keepProb that rounds to 1 in float32.
      ['a longer seed string', 100_003, 1 - 2 ** -30],
    ] as const) {
      const alea = seedrandom.alea(seed, { state: true });
      const state = alea.state() as { [key: string]: number };
      // tfjs's dropout: Alea's values stored as float32, then Add, Floor and RealDiv on float32 tensors.
      const expected = Float32Array.from({ length: n }, () => f(Math.floor(f(f(alea()) + f(keepProb))) / f(keepProb)));
      const mask = tf.engine().runKernel(DROPOUT_MASK_KERNEL, {}, { shape: [n], ...state, keepProb }) as tf.Tensor;
      assert.deepEqual(mask.dataSync(), expected, `seed '${seed}', ${n} values, keepProb ${keepProb}`);
      mask.dispose();
    }
  });

  test("tf.dropout and a Dropout layer give tfjs's masks on native, bit for bit, seeded or drawn from Math.random, with no leaked tensors", async () => {
    const shape = [64, 14, 14, 8];
    /** Dropout's output and x's gradient on `backend`, with Math.random from a fixed seed, and the kernels run. */
    async function dropped(backend: string, rate: number, seed?: number, noiseShape?: number[]) {
      await tf.setBackend(backend);
      const x = tf.randomNormal(shape, 0, 1, 'float32', 5);
      const before = tf.memory().numTensors;
      const run = () =>
        withSeed(9, () => {
          const y = tf.dropout(x, rate, noiseShape, seed);
          const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.dropout(input, rate, noiseShape, seed), 2)))(x);
          return [y, dx];
        });
      const profile = await tf.profile(() => tf.dispose(run()));
      const [y, dx] = run();
      const values = [y.dataSync().slice(), dx.dataSync().slice()];
      tf.dispose([y, dx]);
      assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
      x.dispose();
      return { values, kernels: profile.kernels.map((k) => k.name) };
    }
    for (const [rate, seed] of [
      [0.3, undefined],
      [0.5, 42],
    ] as const) {
      const [native, cpu] = [await dropped('wasm', rate, seed), await dropped('cpu', rate, seed)];
      assert.ok(native.kernels.includes(DROPOUT_MASK_KERNEL), `native ran ${native.kernels.join(' ')}`);
      assert.deepEqual(native.values, cpu.values, `rate ${rate}, seed ${seed}`);
    }
    // A noise shape of its own is tfjs's own dropout's.
    const [native, cpu] = [await dropped('wasm', 0.3, 3, [64, 1, 1, 8]), await dropped('cpu', 0.3, 3, [64, 1, 1, 8])];
    assert.ok(!native.kernels.includes(DROPOUT_MASK_KERNEL), native.kernels.join(' '));
    assert.deepEqual(native.values, cpu.values);
  });

  test('a small network through every native kernel has the gradient finite differences give', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 2], 0, 1, 'float32', 11) as tf.Tensor4D;
    const weights = [
      tf.randomNormal([3, 3, 2, 4], 0, 0.5, 'float32', 12), // conv, stride 2
      tf.randomNormal([4], 0, 0.5, 'float32', 13), // its bias (FusedConv2D)
      tf.randomNormal([4, 4, 2, 4], 0, 0.5, 'float32', 14), // transposed conv back to 8×8
      tf.randomNormal([32, 3], 0, 0.5, 'float32', 15), // dense after pooling
    ];
    const loss = ([w1, b1, w2, w3]: tf.Tensor[]) =>
      tf.tidy(() => {
        const h = tf.fused
          .conv2d({ x, filter: w1 as tf.Tensor4D, bias: b1, strides: 2, pad: 'same', activation: 'linear' })
          .tanh();
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
        assert.ok(
          Math.abs(numeric - analytic[i]) < 2e-2 * Math.max(1, Math.abs(numeric)),
          `weight ${index}, entry ${i}: finite difference ${numeric}, gradient ${analytic[i]}`,
        );
      }
    }
    tf.dispose([x, ...weights, ...grads]);
  });

  test("Adam runs as one native kernel per variable, gives tfjs's values, and its checkpoints resume on cpu and back", async () => {
    const dir = tempDir('native-adam');
    let runs = 0;
    /** `steps` Adam steps of a small Dense network on `backend` (after resuming from the checkpoint `from`): its
     *  weights, the kernels it ran, and the checkpoint it wrote. */
    async function train(backend: string, steps: number, from?: string) {
      await tf.setBackend(backend);
      const model = tf.sequential({
        layers: [
          tf.layers.dense({
            inputShape: [300],
            units: 7,
            activation: 'tanh',
            kernelInitializer: tf.initializers.glorotNormal({ seed: 31 }),
          }),
        ],
      });
      const optimizer = tf.train.adam(0.01);
      const models = { networks: { model }, optimizers: { optimizer } };
      if (from) {
        const checkpoint = readCheckpoint(from);
        await restoreTraining(models, checkpoint, from);
        disposeCheckpoint(checkpoint);
      }
      const x = tf.randomNormal([64, 300], 0, 1, 'float32', 30);
      const kernels = new Set<string>();
      for (let i = 0; i < steps; i++) {
        const profile = await tf.profile(() => {
          optimizer.minimize(() => (model.predict(x) as tf.Tensor).square().mean() as tf.Scalar);
        });
        for (const { name } of profile.kernels) kernels.add(name);
      }
      const file = path.join(dir, `${++runs}.ckpt`);
      const captured = await captureTraining(models);
      writeCheckpoint(file, { kind: 'test', settings: {}, epoch: 0, step: steps, history: [], ...captured });
      captured.release();
      const weights = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
      tf.dispose(x);
      optimizer.dispose();
      model.dispose();
      return { weights, kernels, file };
    }
    const cpu = await train('cpu', 3);
    const native = await train('wasm', 3);
    assert.ok(native.kernels.has(ADAM_KERNEL) && !native.kernels.has('Sqrt'), `native ran ${[...native.kernels]}`);
    assert.ok(!cpu.kernels.has(ADAM_KERNEL) && cpu.kernels.has('Sqrt'), `cpu ran ${[...cpu.kernels]}`);
    const nativeThenCpu = await train('cpu', 1, (await train('wasm', 2)).file);
    const cpuThenNative = await train('wasm', 1, (await train('cpu', 2)).file);
    for (const [name, run] of Object.entries({ native, nativeThenCpu, cpuThenNative })) {
      run.weights.forEach((w, i) => {
        const error = relativeError(w, cpu.weights[i]);
        assert.ok(error < TOLERANCE, `${name}, weight ${i}: relative error ${error} against 3 steps on cpu`);
      });
    }
  });

  test('Adam updates a weight in place, unless another tensor shares its buffer, which then keeps its values', async () => {
    await tf.setBackend('wasm');
    const weight = tf.variable(tf.randomNormal([40, 30], 0, 1, 'float32', 35));
    const x = tf.randomNormal([8, 40], 0, 1, 'float32', 36);
    const optimizer = tf.train.adam(0.01);
    const step = () => optimizer.minimize(() => tf.matMul(x, weight).square().mean() as tf.Scalar);
    step(); // the first creates the slots m and v, whose zeros are still shared then
    const buffer = weight.dataId;
    const before = weight.dataSync().slice();
    step();
    assert.equal(weight.dataId, buffer, 'the same buffer, updated in place');
    assert.notDeepEqual(weight.dataSync(), before, 'and updated');
    const kept = tf.clone(weight); // on wasm a clone shares the buffer
    const keptValues = kept.dataSync().slice();
    step();
    assert.notEqual(weight.dataId, buffer, 'a new buffer while the clone shares the old one');
    assert.deepEqual(kept.dataSync(), keptValues, 'the clone keeps its values');
    assert.notDeepEqual(weight.dataSync(), keptValues, 'the weight moved on');
    tf.dispose([weight, x, kept]);
    optimizer.dispose();
  });

  test('a training step leaves no tensor and no wasm buffer behind', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const x = tf.randomNormal([4, 8, 8, 3]) as tf.Tensor4D;
    const filter = tf.variable(tf.randomNormal([3, 3, 3, 4]));
    const dense = tf.variable(tf.randomNormal([64, 2]));
    const optimizer = tf.train.adam(1e-3);
    const step = () =>
      optimizer.minimize(() => {
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
