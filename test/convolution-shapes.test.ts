// Convolutions that are not square, on the backend the models train on (wasm, with the kernels of
// src/backend/wasm-kernels), against a direct computation from the definitions in double precision: odd heights and
// widths, kernels of unequal sides, stride 2 and strides of unequal sides, 'same' and 'valid' padding, one output
// channel and several. Forward, both gradients, and the transposed convolution that the decoders use.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';

before(() => selectBackend({ quiet: true }));

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid';

/** Output size and padding before, along one axis, as TensorFlow defines them. */
function axis(size: number, kernel: number, stride: number, pad: Pad): { out: number; before: number } {
  if (pad === 'valid') return { out: Math.floor((size - kernel) / stride) + 1, before: 0 };
  const out = Math.ceil(size / stride);
  return { out, before: Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2) };
}

/** Flat index of [a, b, c, d] in a row-major tensor of `shape`. */
const at = (shape: number[], a: number, b: number, c: number, d: number) =>
  ((a * shape[1] + b) * shape[2] + c) * shape[3] + d;

/**
 * Calls visit(xIndex, wIndex, yIndex) for every product x[b, p·sh + i − top, q·sw + j − left, c] · W[i, j, c, o] that
 * adds to y[b, p, q, o]: the forward pass sums them into y, the input gradient into x, the filter gradient into W.
 */
function forEachTap(
  xShape: Shape4,
  wShape: Shape4,
  strides: [number, number],
  pad: Pad,
  visit: (xIndex: number, wIndex: number, yIndex: number) => void,
): Shape4 {
  const [batch, height, width, inChannels] = xShape;
  const [kh, kw, , outChannels] = wShape;
  const rows = axis(height, kh, strides[0], pad);
  const columns = axis(width, kw, strides[1], pad);
  const yShape: Shape4 = [batch, rows.out, columns.out, outChannels];
  for (let b = 0; b < batch; b++)
    for (let p = 0; p < rows.out; p++)
      for (let q = 0; q < columns.out; q++) {
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const [y, x] = [p * strides[0] + i - rows.before, q * strides[1] + j - columns.before];
            if (y < 0 || y >= height || x < 0 || x >= width) continue; // zero padding
            for (let c = 0; c < inChannels; c++)
              for (let o = 0; o < outChannels; o++) {
                visit(at(xShape, b, y, x, c), at(wShape, i, j, c, o), at(yShape, b, p, q, o));
              }
          }
      }
  return yShape;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
/** Values in (−1, 1) from a Lehmer generator, rounded to float32 so that tfjs sees exactly the numbers used here. */
const seeded = (shape: number[], seed: number) => {
  let s = seed;
  return Float64Array.from({ length: size(shape) }, () =>
    Math.fround(((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1),
  );
};
const float32 = (values: Float64Array, shape: number[]) => tf.tensor4d(Float32Array.from(values), shape as Shape4);

function expectClose(actual: tf.Tensor, expected: Float64Array, expectedShape: number[], what: string): void {
  assert.deepEqual(actual.shape, expectedShape, `${what}: shape`);
  const values = Array.from(actual.dataSync());
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  const worst = values.reduce((m, v, k) => Math.max(m, Math.abs(v - expected[k])), 0);
  assert.ok(worst < 1e-5 * scale, `${what}: largest difference ${worst} (values up to ${scale})`);
}

interface Case {
  x: Shape4;
  w: Shape4;
  strides: [number, number];
  pad: Pad;
  out: [number, number];
}

const CASES: Case[] = [
  { x: [2, 7, 10, 3], w: [3, 2, 3, 4], strides: [2, 2], pad: 'same', out: [4, 5] }, // odd height, stride 2
  { x: [1, 9, 6, 2], w: [4, 3, 2, 5], strides: [2, 2], pad: 'valid', out: [3, 2] }, // even kernel side, no padding
  { x: [2, 5, 11, 1], w: [5, 4, 1, 1], strides: [2, 2], pad: 'same', out: [3, 6] }, // one channel in and out
  { x: [1, 8, 7, 2], w: [3, 5, 2, 3], strides: [1, 2], pad: 'same', out: [8, 4] }, // strides of unequal sides
  { x: [3, 11, 9, 4], w: [5, 5, 4, 1], strides: [2, 2], pad: 'same', out: [6, 5] }, // the conv VAE's logits layer, odd
];

for (const c of CASES) {
  const name = `x ${c.x.join('×')}, kernel ${c.w[0]}×${c.w[1]}, ${c.w[2]} → ${c.w[3]} channels, strides ${c.strides.join('×')}, ${c.pad}`;

  test(`convolution ${name}: output ${c.out.join('×')}, values and both gradients as defined`, () => {
    const [xValues, wValues] = [seeded(c.x, 1), seeded(c.w, 2)];
    const y = new Float64Array(c.x[0] * c.out[0] * c.out[1] * c.w[3]);
    const yShape = forEachTap(c.x, c.w, c.strides, c.pad, (xi, wi, yi) => {
      y[yi] += xValues[xi] * wValues[wi];
    });
    assert.deepEqual(yShape.slice(1, 3), c.out, 'the output size worked by hand');
    // The gradients of L = Σ y · dy: each product x·W sends dy · W to x and dy · x to W.
    const dyValues = seeded(yShape, 3);
    const [dx, dw] = [new Float64Array(size(c.x)), new Float64Array(size(c.w))];
    forEachTap(c.x, c.w, c.strides, c.pad, (xi, wi, yi) => {
      dx[xi] += dyValues[yi] * wValues[wi];
      dw[wi] += dyValues[yi] * xValues[xi];
    });
    tf.tidy(() => {
      const [x, w, dy] = [float32(xValues, c.x), float32(wValues, c.w), float32(dyValues, yShape)];
      expectClose(tf.conv2d(x, w, c.strides, c.pad), y, yShape, 'conv2d');
      const biasValues = seeded([c.w[3]], 4);
      const bias = tf.tensor1d(Float32Array.from(biasValues));
      const biased = y.map((v, k) => v + biasValues[k % c.w[3]]);
      expectClose(
        tf.fused.conv2d({ x, filter: w, strides: c.strides, pad: c.pad, bias }),
        biased,
        yShape,
        'fused conv2d with bias',
      );
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad)
          .mul(dy)
          .sum(),
      )([x, w]);
      expectClose(gx, dx, c.x, 'input gradient');
      expectClose(gw, dw, c.w, 'filter gradient');
      // The transposed convolution is the input gradient's map: dy ↦ dx, to the given output shape.
      expectClose(tf.conv2dTranspose(dy, w, c.x, c.strides, c.pad), dx, c.x, 'conv2dTranspose');
    });
  });
}

test('a conv2d layer on non-square images reports the output shape worked out by hand, and predicts it', () => {
  const layer = tf.layers.conv2d({
    inputShape: [7, 10, 3],
    filters: 4,
    kernelSize: [3, 2],
    strides: 2,
    padding: 'same',
  });
  const model = tf.sequential({
    layers: [layer, tf.layers.conv2dTranspose({ filters: 2, kernelSize: [4, 3], strides: 2, padding: 'same' })],
  });
  assert.deepEqual(layer.outputShape, [null, 4, 5, 4]);
  assert.deepEqual(model.outputShape, [null, 8, 10, 2]); // a stride-2 'same' transposed convolution doubles each side
  const y = tf.tidy(() => model.predict(tf.zeros([2, 7, 10, 3])) as tf.Tensor);
  assert.deepEqual(y.shape, [2, 8, 10, 2]);
  y.dispose();
  model.dispose();
});
