// FusedConv2D for wasm with one output channel (the conv VAE's logits layer). XNNPACK would fill one column
// in eight of its tiles; instead one matmul with x as its unpacked left operand gives every tap's share,
//   z[b, y, x, (i, j)] = Σ_c x[b, y, x, c] · W[i, j, c, 0],
// and JS sums the shares each output pixel meets, out[b, p, q] = bias + Σ_{i, j} z[b, p·s + i − padTop, q·s + j − padLeft, (i, j)].
// Other shapes, and activations other than linear, go to the package's kernel.
import * as tf from '@tensorflow/tfjs';
import { matMul2d } from './batch-matmul';
import { columnsMetByTap, free, reshape, run, WasmHeap } from './run';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation: string;
}

function fusedConv2d({
  inputs,
  backend,
  attrs,
}: {
  inputs: { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
  backend: WasmHeap;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x, filter, bias, preluActivationWeights } = inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation } = attrs as unknown as Attrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
  );
  if (
    info.outChannels !== 1 ||
    dataFormat !== 'NHWC' ||
    info.dilationHeight * info.dilationWidth !== 1 ||
    activation !== 'linear' ||
    preluActivationWeights != null
  ) {
    return run('FusedConv2D', backend, inputs as unknown as tf.NamedTensorInfoMap, attrs);
  }
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
  } = info;
  const { top, left } = info.padInfo;
  const taps = filterHeight * filterWidth;
  const pixels = reshape(backend, x, [batchSize * inHeight * inWidth, inChannels]);
  const weights = reshape(backend, filter, [taps, inChannels]);
  const shares = matMul2d(backend, pixels, weights, false, true); // [batch·inHeight·inWidth, taps]
  const out = backend.makeOutput([batchSize, outHeight, outWidth, 1], 'float32');
  const target = backend.typedArrayFromHeap(out); // views taken after the allocation, which may grow the heap
  const source = backend.typedArrayFromHeap(shares);
  target.fill(bias == null ? 0 : backend.typedArrayFromHeap(bias)[0]);
  for (let i = 0; i < filterHeight; i++) {
    for (let j = 0; j < filterWidth; j++) {
      const [qFirst, qEnd] = columnsMetByTap(j, left, strideWidth, inWidth, outWidth);
      const tap = i * filterWidth + j;
      for (let b = 0; b < batchSize; b++) {
        for (let p = 0; p < outHeight; p++) {
          const y = p * strideHeight + i - top;
          if (y < 0 || y >= inHeight) continue;
          const to = (b * outHeight + p) * outWidth;
          const from = ((b * inHeight + y) * inWidth - left + j) * taps + tap;
          for (let q = qFirst; q < qEnd; q++) target[to + q] += source[from + q * strideWidth * taps];
        }
      }
    }
  }
  free(backend, pixels, weights, shares);
  return out;
}

export const fusedConv2dConfig: tf.KernelConfig = {
  kernelName: 'FusedConv2D',
  backendName: 'wasm',
  kernelFunc: fusedConv2d as unknown as tf.KernelFunc,
};
