// Conv2DBackpropInput for wasm (the input gradient of a convolution, and the forward pass of a transposed
// convolution), replacing the package's scalar C++ loop with XNNPACK convolutions. With stride s,
//   dx[b, y, x, c] = Σ dy[b, p, q, o] · W[i, j, c, o]   over p·s + i = y + padTop, q·s + j = x + padLeft,
// so the output pixels whose (y, x) share a residue mod s only meet the taps i ≡ y + padTop (mod s):
// each of the s² residue classes is an ordinary stride-1 convolution of dy with a sub-filter of W
// (flipped, input and output channels swapped). No multiplication by inserted zeros, no scatter: the
// s² outputs only need interleaving into dx, which copies whole pixels (runs of channels) between the
// wasm heap's arrays, far faster than the package's per-element DepthToSpace.
import * as tf from '@tensorflow/tfjs';
import { free, run, stridedSlice, transpose } from './run';

interface WasmHeap extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** dx[b, y·s + ry, x·s + rx, :] = parts[ry·s + rx][b, y, x, :], all NHWC. */
function interleave(backend: WasmHeap, parts: tf.TensorInfo[], stride: number): tf.TensorInfo {
  const [batch, rows, cols, channels] = parts[0].shape;
  const out = backend.makeOutput([batch, rows * stride, cols * stride, channels], 'float32');
  const dx = backend.typedArrayFromHeap(out); // views taken after the allocation, which may grow the heap
  parts.forEach((part, k) => {
    const source = backend.typedArrayFromHeap(part);
    const [ry, rx] = [Math.floor(k / stride), k % stride];
    let from = 0;
    for (let b = 0; b < batch; b++) {
      for (let y = 0; y < rows; y++) {
        let to = ((b * rows * stride + y * stride + ry) * cols * stride + rx) * channels;
        for (let x = 0; x < cols; x++, from += channels, to += stride * channels) {
          dx.set(source.subarray(from, from + channels), to);
        }
      }
    }
  });
  return out;
}

interface Attrs {
  inputShape: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Along one axis, the sub-filter and the padding that produce the output rows ≡ `residue` (mod stride). */
interface SubPixelAxis { firstTap: number; taps: number; padBefore: number; padAfter: number }

function subPixelAxis(
  residue: number, padBefore: number, stride: number, filterSize: number, inSize: number, outSize: number,
): SubPixelAxis | undefined {
  const tapResidue = (residue + padBefore) % stride; // filter taps i ≡ tapResidue (mod stride) reach these rows
  const taps = Math.ceil((filterSize - tapResidue) / stride);
  const firstRow = Math.floor((residue + padBefore) / stride); // dy row aligned with the first output row
  const rows = inSize / stride;
  const convPadBefore = taps - 1 - firstRow;
  const convPadAfter = rows - outSize - convPadBefore + taps - 1;
  if (taps <= 0 || convPadBefore < 0 || convPadAfter < 0) return undefined;
  // Taps of the flipped filter, from the last tap of this residue class downwards.
  return { firstTap: filterSize - 1 - tapResidue - (taps - 1) * stride, taps, padBefore: convPadBefore, padAfter: convPadAfter };
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
  const [, height, width, inChannels] = inputShape;
  const outChannels = info.outChannels;

  const classes: [SubPixelAxis, SubPixelAxis][] = [];
  for (let ry = 0; ry < stride; ry++) {
    for (let rx = 0; rx < stride; rx++) {
      const rows = subPixelAxis(ry, info.padInfo.top, stride, info.filterHeight, height, info.outHeight);
      const cols = subPixelAxis(rx, info.padInfo.left, stride, info.filterWidth, width, info.outWidth);
      if (rows !== undefined && cols !== undefined) classes.push([rows, cols]);
    }
  }
  const fits = info.strideWidth === stride && height % stride === 0 && width % stride === 0;
  if (!fits || classes.length !== stride * stride) {
    return run('Conv2DBackpropInput', backend, inputs, attrs); // unusual geometry: the package's exact loop
  }

  const reversed = run('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const flipped = transpose(backend, reversed, [0, 1, 3, 2]); // [kh, kw, outChannels, inChannels], rotated 180°
  const outputs = classes.map(([rows, cols]) => {
    const subFilter = stridedSlice(backend, flipped, [rows.firstTap, cols.firstTap, 0, 0],
      [rows.taps, cols.taps, outChannels, inChannels], [stride, stride, 1, 1]);
    const out = run('Conv2D', backend, { x: dy, filter: subFilter }, {
      strides: 1, dilations: 1, dataFormat: 'NHWC',
      pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
    }); // [batch, height / stride, width / stride, inChannels]
    free(backend, subFilter);
    return out;
  });
  free(backend, reversed, flipped);
  if (stride === 1) return outputs[0];
  const dx = interleave(backend as WasmHeap, outputs, stride);
  free(backend, ...outputs);
  return dx;
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
};
