// Conv2DBackpropInput for wasm (the input gradient of a convolution, and the forward pass of a transposed
// convolution), replacing the package's scalar C++ loop with XNNPACK convolutions. With stride s,
//   dx[b, y, x, c] = Σ dy[b, p, q, o] · W[i, j, c, o]   over p·s + i = y + padTop, q·s + j = x + padLeft,
// so the output pixels whose (y, x) share a residue mod s only meet the taps i ≡ y + padTop (mod s):
// each of the s² residue classes is an ordinary stride-1 convolution of dy with its own sub-filter of W
// (flipped, input and output channels swapped), whose result is copied, whole pixels at a time, into
// every s-th pixel of dx. Unlike convolving a zero-dilated dy (s² times the work), this multiplies no
// zero taps; stacking the sub-filters into one convolution would, where their sizes differ (44% more
// work for k = 5, s = 2), and was no faster where they do not (k = 4).
import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './batch-matmul';
import { free, reshape, run, WasmHeap } from './run';

interface Attrs {
  inputShape: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Along one axis, the output rows y ≡ residue (mod stride), y = m·stride + residue for m < rows: the
 *  filter taps firstTap, firstTap + stride, … that reach them, and the convolution of dy that yields them
 *  (its padding, and the row `offset` of its output that holds m = 0). */
interface ResidueClass {
  rows: number;
  firstTap: number;
  taps: number;
  padBefore: number;
  padAfter: number;
  offset: number;
}

function residueClass(
  residue: number,
  padTop: number,
  stride: number,
  filterSize: number,
  size: number,
  inSize: number,
): ResidueClass {
  const rows = Math.max(0, Math.ceil((size - residue) / stride));
  const firstTap = (residue + padTop) % stride;
  const taps = Math.max(0, Math.ceil((filterSize - firstTap) / stride));
  // Row m reads dy rows windowStart + m + t, t < taps, where tap firstTap + (taps − 1 − t)·stride meets them.
  const windowStart = Math.floor((residue + padTop) / stride) - (taps - 1);
  const padBefore = Math.max(0, -windowStart);
  const offset = windowStart + padBefore;
  const padAfter = Math.max(0, offset + rows + taps - 1 - inSize - padBefore);
  return { rows, firstTap, taps, padBefore, padAfter, offset };
}

/** Whether the class's convolution output is exactly its rows, nothing to skip before or after. */
const isExact = (c: ResidueClass, inSize: number, size: number) =>
  c.offset === 0 && c.rows === size && inSize + c.padBefore + c.padAfter - c.taps + 1 === size;

function conv2dBackpropInput({
  inputs,
  backend,
  attrs,
}: {
  inputs: { dy: tf.TensorInfo; filter: tf.TensorInfo };
  backend: tf.KernelBackend;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { dy, filter } = inputs;
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Attrs;
  if (dataFormat !== 'NHWC')
    throw new Error(`Conv2DBackpropInput on wasm needs dataFormat 'NHWC', got '${dataFormat}'`);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { strideHeight, strideWidth, filterHeight, filterWidth, outHeight, outWidth } = info;
  if (!tf.util.arraysEqual(dy.shape, [info.batchSize, outHeight, outWidth, info.outChannels])) {
    return run('Conv2DBackpropInput', backend, inputs, attrs); // a dy that is not this convolution's output: tfjs's reading of it
  }
  const [, height, width] = inputShape;
  const rowClasses = [...Array(strideHeight).keys()].map((r) =>
    residueClass(r, info.padInfo.top, strideHeight, filterHeight, height, outHeight),
  );
  const colClasses = [...Array(strideWidth).keys()].map((r) =>
    residueClass(r, info.padInfo.left, strideWidth, filterWidth, width, outWidth),
  );

  const heap = backend as WasmHeap;
  if (info.inChannels === 1) return oneInputChannel(heap, dy, filter, info);
  if (
    strideHeight * strideWidth === 1 &&
    isExact(rowClasses[0], outHeight, height) &&
    isExact(colClasses[0], outWidth, width)
  ) {
    return classConv(heap, dy, filter, rowClasses[0], colClasses[0], 1, 1); // the one class is dx itself
  }
  const dx = heap.makeOutput(inputShape, 'float32');
  const empty = [...rowClasses, ...colClasses].some((c) => c.rows > 0 && c.taps === 0);
  if (empty) heap.typedArrayFromHeap(dx).fill(0); // rows that no tap reaches get no gradient
  for (const [ry, rowClass] of rowClasses.entries()) {
    for (const [rx, colClass] of colClasses.entries()) {
      if (rowClass.rows * colClass.rows * rowClass.taps * colClass.taps === 0) continue;
      const classOut = classConv(heap, dy, filter, rowClass, colClass, strideHeight, strideWidth);
      scatter(heap, classOut, dx, rowClass, colClass, ry, rx, strideHeight, strideWidth);
      free(backend, classOut);
    }
  }
  return dx;
}

/** The stride-1 convolution of dy with a class's sub-filter: [batch, ≥ rowClass.rows, ≥ colClass.rows, inChannels] */
function classConv(
  backend: WasmHeap,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  rowClass: ResidueClass,
  colClass: ResidueClass,
  strideHeight: number,
  strideWidth: number,
): tf.TensorInfo {
  const subFilter = residueFilter(backend, filter, rowClass, colClass, strideHeight, strideWidth);
  const out = run(
    'Conv2D',
    backend,
    { x: dy, filter: subFilter },
    {
      strides: 1,
      dilations: 1,
      dataFormat: 'NHWC',
      pad: [
        [0, 0],
        [rowClass.padBefore, rowClass.padAfter],
        [colClass.padBefore, colClass.padAfter],
        [0, 0],
      ],
    },
  );
  free(backend, subFilter);
  return out;
}

/** With one input channel each class's convolution would have a single output channel, leaving XNNPACK's
 *  tiles mostly empty. Instead one matmul gives every tap's share, z[b, p, q, (i, j)] = Σ_o dy[b, p, q, o]·W[i, j, 0, o]
 *  (taps as columns), and JS adds each into dx[b, p·s + i − padTop, q·s + j − padLeft] (col2im). */
function oneInputChannel(
  backend: WasmHeap,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const {
    batchSize,
    inHeight,
    inWidth,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
  } = info;
  const { top, left } = info.padInfo;
  const taps = filterHeight * filterWidth;
  const pixels = reshape(backend, dy, [batchSize * outHeight * outWidth, outChannels]);
  const weights = reshape(backend, filter, [taps, outChannels]);
  const shares = matMul2d(backend, pixels, weights, false, true); // [batch·outHeight·outWidth, taps]
  const dx = backend.makeOutput([batchSize, inHeight, inWidth, 1], 'float32');
  const target = backend.typedArrayFromHeap(dx).fill(0); // views taken after the allocation, which may grow the heap
  const source = backend.typedArrayFromHeap(shares);
  let from = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let p = 0; p < outHeight; p++) {
      for (let q = 0; q < outWidth; q++, from += taps) {
        for (let i = 0; i < filterHeight; i++) {
          const y = p * strideHeight + i - top;
          if (y < 0 || y >= inHeight) continue;
          const row = (b * inHeight + y) * inWidth;
          for (let j = 0; j < filterWidth; j++) {
            const x = q * strideWidth + j - left;
            if (x >= 0 && x < inWidth) target[row + x] += source[from + i * filterWidth + j];
          }
        }
      }
    }
  }
  free(backend, pixels, weights, shares);
  return dx;
}

/** sub[m, n, o, c] = W[i, j, c, o] for the class's taps, flipped: window position m meets tap
 *  i = firstTap + (taps − 1 − m)·stride, and likewise n and j. */
function residueFilter(
  backend: WasmHeap,
  filter: tf.TensorInfo,
  rowClass: ResidueClass,
  colClass: ResidueClass,
  strideHeight: number,
  strideWidth: number,
): tf.TensorInfo {
  const [, kw, inChannels, outChannels] = filter.shape;
  const sub = backend.makeOutput([rowClass.taps, colClass.taps, outChannels, inChannels], 'float32');
  const target = backend.typedArrayFromHeap(sub); // views taken after the allocation, which may grow the heap
  const source = backend.typedArrayFromHeap(filter);
  let to = 0;
  for (let m = 0; m < rowClass.taps; m++) {
    const i = rowClass.firstTap + (rowClass.taps - 1 - m) * strideHeight;
    for (let n = 0; n < colClass.taps; n++) {
      const j = colClass.firstTap + (colClass.taps - 1 - n) * strideWidth;
      const tap = (i * kw + j) * inChannels * outChannels;
      for (let o = 0; o < outChannels; o++) {
        for (let c = 0, from = tap + o; c < inChannels; c++, from += outChannels) target[to++] = source[from];
      }
    }
  }
  return sub;
}

/** dx[b, m·sh + ry, n·sw + rx, :] = classOut[b, m + rowClass.offset, n + colClass.offset, :], copying runs
 *  of inChannels at a time (the package's DepthToSpace goes element by element). */
function scatter(
  backend: WasmHeap,
  classOut: tf.TensorInfo,
  dx: tf.TensorInfo,
  rowClass: ResidueClass,
  colClass: ResidueClass,
  ry: number,
  rx: number,
  strideHeight: number,
  strideWidth: number,
): void {
  const [batch, height, width, channels] = dx.shape;
  const [, outRows, outCols] = classOut.shape;
  const target = backend.typedArrayFromHeap(dx);
  const source = backend.typedArrayFromHeap(classOut);
  for (let b = 0; b < batch; b++) {
    for (let m = 0; m < rowClass.rows; m++) {
      let from = ((b * outRows + m + rowClass.offset) * outCols + colClass.offset) * channels;
      let to = ((b * height + m * strideHeight + ry) * width + rx) * channels;
      for (let n = 0; n < colClass.rows; n++, from += channels, to += strideWidth * channels) {
        target.set(source.subarray(from, from + channels), to);
      }
    }
  }
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
