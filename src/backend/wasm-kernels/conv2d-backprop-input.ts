// Conv2DBackpropInput for wasm (the input gradient of a convolution, and the forward pass of a transposed
// convolution), replacing the package's scalar C++ loop with one XNNPACK convolution. With stride s,
//   dx[b, y, x, c] = Σ dy[b, p, q, o] · W[i, j, c, o]   over p·s + i = y + padTop, q·s + j = x + padLeft,
// so the output pixels whose (y, x) share a residue mod s only meet the taps i ≡ y + padTop (mod s):
// each of the s² residue classes is an ordinary stride-1 convolution of dy with a sub-filter of W
// (flipped, input and output channels swapped). Stacking the sub-filters along output channels makes
// a single convolution with s²·c outputs compute every class at once, and copying whole pixels
// interleaves the classes into dx. Unlike convolving a zero-dilated dy (s² times the work), this only
// multiplies the few zero taps that pad shorter sub-filters (none for k = 4, s = 2; 44% more for k = 5).
import * as tf from '@tensorflow/tfjs';
import { run } from './run';

interface Attrs {
  inputShape: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

interface WasmHeap extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** Along one axis, for output rows ≡ residue (mod stride): the filter taps that reach them and where
 *  the window of dy rows they read starts, relative to the output row's index within its class. */
interface ResidueClass { firstTap: number; taps: number; windowStart: number }

function residueClass(residue: number, padBefore: number, stride: number, filterSize: number): ResidueClass {
  const firstTap = (residue + padBefore) % stride; // taps i ≡ firstTap (mod stride) reach these rows
  const taps = Math.ceil((filterSize - firstTap) / stride);
  const firstRow = Math.floor((residue + padBefore) / stride); // dy row that tap firstTap reads for row 0
  return { firstTap, taps, windowStart: firstRow - (taps - 1) };
}

/** One convolution serves every class along an axis: its taps start where each class's window starts,
 *  so class r reads the convolution's output from row shift[r] on (the classes' windows differ by whole
 *  rows); undefined where that would need cropping dy. */
function sharedWindow(classes: ResidueClass[], inSize: number, outSize: number, stride: number) {
  const start = Math.min(...classes.map((c) => c.windowStart));
  const size = Math.max(...classes.map((c) => c.taps));
  const shift = classes.map((c) => c.windowStart - start);
  const rows = inSize / stride + Math.max(...shift);
  const padBefore = -start;
  const padAfter = rows - outSize - padBefore + size - 1;
  return padBefore >= 0 && padAfter >= 0 && classes.every((c) => c.taps > 0) ? { size, shift, padBefore, padAfter } : undefined;
}

function conv2dBackpropInput({ inputs, backend, attrs }: {
  inputs: { dy: tf.TensorInfo; filter: tf.TensorInfo }; backend: tf.KernelBackend; attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { dy, filter } = inputs;
  const { inputShape, strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Attrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropInput on wasm needs dataFormat 'NHWC', got '${dataFormat}'`);
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  const stride = info.strideHeight;
  const [, height, width] = inputShape;
  const residues = [...Array(stride).keys()];
  const rowClasses = residues.map((r) => residueClass(r, info.padInfo.top, stride, info.filterHeight));
  const colClasses = residues.map((r) => residueClass(r, info.padInfo.left, stride, info.filterWidth));
  const rows = sharedWindow(rowClasses, height, info.outHeight, stride);
  const cols = sharedWindow(colClasses, width, info.outWidth, stride);
  if (info.strideWidth !== stride || height % stride !== 0 || width % stride !== 0 || !rows || !cols) {
    return run('Conv2DBackpropInput', backend, inputs, attrs); // unusual geometry: the package's exact loop
  }

  const heap = backend as WasmHeap;
  const [, kw, inChannels, outChannels] = filter.shape;
  const classes = stride * stride;
  // merged[u, v, o, (ry·s + rx)·inChannels + c] = W[i, j, c, o] for the tap (i, j) of class (ry, rx)
  // that sits at (u, v) in the shared window; zero where a class has no tap.
  const merged = heap.makeOutput([rows.size, cols.size, outChannels, classes * inChannels], 'float32');
  const target = heap.typedArrayFromHeap(merged).fill(0);
  const source = heap.typedArrayFromHeap(filter);
  rowClasses.forEach((rc, ry) => colClasses.forEach((cc, rx) => {
    for (let m = 0; m < rc.taps; m++) {
      for (let n = 0; n < cc.taps; n++) {
        // Window position m reads dy row (windowStart + m), met by tap firstTap + (taps − 1 − m)·stride.
        const i = rc.firstTap + (rc.taps - 1 - m) * stride;
        const j = cc.firstTap + (cc.taps - 1 - n) * stride;
        const [u, v] = [m, n];
        for (let c = 0; c < inChannels; c++) {
          const from = ((i * kw + j) * inChannels + c) * outChannels;
          let to = ((u * cols.size + v) * outChannels) * classes * inChannels + (ry * stride + rx) * inChannels + c;
          for (let o = 0; o < outChannels; o++, to += classes * inChannels) target[to] = source[from + o];
        }
      }
    }
  }));
  const out = run('Conv2D', backend, { x: dy, filter: merged }, {
    strides: 1, dilations: 1, dataFormat: 'NHWC',
    pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
  }); // [batch, ≥ height / stride, ≥ width / stride, stride² · inChannels]
  backend.disposeData(merged.dataId);
  if (stride === 1) return out;
  const dx = interleave(heap, out, inputShape, rows.shift, cols.shift);
  backend.disposeData(out.dataId);
  return dx;
}

/** dx[b, y·s + ry, x·s + rx, c] = classes[b, y + rowShift[ry], x + colShift[rx], (ry·s + rx)·C + c],
 *  copying runs of C channels at a time (the package's DepthToSpace goes element by element). */
function interleave(
  backend: WasmHeap, classes: tf.TensorInfo, shape: number[], rowShift: number[], colShift: number[],
): tf.TensorInfo {
  const [batch, height, width, channels] = shape;
  const stride = rowShift.length;
  const [, rows, cols, depth] = classes.shape;
  const out = backend.makeOutput(shape, 'float32');
  const target = backend.typedArrayFromHeap(out); // views taken after the allocation, which may grow the heap
  const source = backend.typedArrayFromHeap(classes);
  let to = 0;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < height; y++) {
      const row = b * rows + Math.floor(y / stride) + rowShift[y % stride];
      for (let x = 0; x < width; x++, to += channels) {
        const from = (row * cols + Math.floor(x / stride) + colShift[x % stride]) * depth
          + ((y % stride) * stride + (x % stride)) * channels;
        target.set(source.subarray(from, from + channels), to);
      }
    }
  }
  return out;
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
