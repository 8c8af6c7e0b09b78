// Conv2DBackpropFilter for wasm, which the package lacks. The filter gradient of y = conv(x, W) with stride s,
//   dW[i, j, c, o] = Σ_{b, p, q} x[b, p·s + i − padTop, q·s + j − padLeft, c] · dy[b, p, q, o],
// is itself a convolution: take the channels of x as the batch and its batch as the channels, and dy as
// the filter, dilated by s. One XNNPACK convolution then does all the work, with no im2col buffer.
// With one output channel that convolution fills one column in eight of XNNPACK's tiles, so dy is unrolled
// instead, a row per tap, and one matmul with x does the rest.
import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './batch-matmul';
import { columnsMetByTap, free, reshape, run, transpose, WasmHeap } from './run';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function conv2dBackpropFilter({
  inputs,
  backend,
  attrs,
}: {
  inputs: { x: tf.TensorInfo; dy: tf.TensorInfo };
  backend: tf.KernelBackend;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
  if (dataFormat !== 'NHWC')
    throw new Error(`Conv2DBackpropFilter on wasm needs dataFormat 'NHWC', got '${dataFormat}'`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  if (info.outChannels === 1) return oneOutputChannel(backend as WasmHeap, x, dy, info);
  const [, height, width, inChannels] = x.shape;
  const { top, left } = info.padInfo;
  // Pad after the image only as far as the last window reaches; rows beyond it are left out below.
  const bottom = Math.max(0, info.filterHeight + (info.outHeight - 1) * info.strideHeight - height - top);
  const right = Math.max(0, info.filterWidth + (info.outWidth - 1) * info.strideWidth - width - left);

  const images = transpose(backend, x, [3, 1, 2, 0]); // [inChannels, height, width, batch]
  const filter = transpose(backend, dy, [1, 2, 0, 3]); // [outHeight, outWidth, batch, outChannels]
  const grad = run(
    'Conv2D',
    backend,
    { x: images, filter },
    {
      strides: 1,
      dilations: [info.strideHeight, info.strideWidth],
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
    },
  ); // [inChannels, ≥ filterHeight, ≥ filterWidth, outChannels]
  const exact =
    grad.shape[1] === info.filterHeight && grad.shape[2] === info.filterWidth
      ? grad
      : run(
          'Slice',
          backend,
          { x: grad },
          { begin: [0, 0, 0, 0], size: [inChannels, info.filterHeight, info.filterWidth, -1] },
        );
  const dW = transpose(backend, exact, [1, 2, 0, 3]); // [filterHeight, filterWidth, inChannels, outChannels]
  free(backend, images, filter, grad);
  if (exact !== grad) free(backend, exact);
  return dW;
}

/** dW as [taps, pixels of x]·[pixels of x, inChannels] when dy has one channel: tap (i, j) pairs dy pixel
 *  (p, q) with x pixel (p·s + i − padTop, q·s + j − padLeft), and its row holds dy at the pixel paired with
 *  each x pixel (zero where none is). XNNPACK packs x for the matmul, one pass; the convolution above would
 *  also transpose it, and fill one column in eight of its tiles. */
function oneOutputChannel(
  backend: WasmHeap,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const [batch, height, width, inChannels] = x.shape;
  const { filterHeight, filterWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const taps = backend.makeOutput([filterHeight * filterWidth, batch * height * width], 'float32');
  const target = backend.typedArrayFromHeap(taps).fill(0); // views taken after the allocation, which may grow the heap
  const source = backend.typedArrayFromHeap(dy);
  for (let i = 0; i < filterHeight; i++) {
    for (let j = 0; j < filterWidth; j++) {
      const [qFirst, qEnd] = columnsMetByTap(j, left, strideWidth, width, outWidth); // dy columns paired inside x
      for (let b = 0; b < batch; b++) {
        for (let p = 0; p < outHeight; p++) {
          const y = p * strideHeight + i - top;
          if (y < 0 || y >= height) continue;
          const to = (((i * filterWidth + j) * batch + b) * height + y) * width - left + j;
          const from = (b * outHeight + p) * outWidth;
          for (let q = qFirst; q < qEnd; q++) target[to + q * strideWidth] = source[from + q];
        }
      }
    }
  }
  const pixels = reshape(backend, x, [batch * height * width, inChannels]);
  const product = matMul2d(backend, taps, pixels, false, false); // [taps, inChannels]
  const dW = reshape(backend, product, [filterHeight, filterWidth, inChannels, 1]);
  free(backend, taps, pixels, product);
  return dW;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
