// Conv2DBackpropFilter for wasm, which the package lacks. The filter gradient of y = conv(x, W) is
//   dW[i, j, c, o] = Σ_{b, p, q} x[b, p·s + i − padTop, q·s + j − padLeft, c] · dy[b, p, q, o],
// that is, for each kernel offset (i, j), one matrix product xᵀ(i, j)·dy over all output positions.
// Each product runs on XNNPACK; dy is the same right-hand matrix every time, so it is packed only once.
import * as tf from '@tensorflow/tfjs';
import { concat, free, reshape, run, stridedSlice, transpose } from './run';
import { matMul2d } from './batch-matmul';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function conv2dBackpropFilter({ inputs, backend, attrs }: {
  inputs: { x: tf.TensorInfo; dy: tf.TensorInfo }; backend: tf.KernelBackend; attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Attrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm needs dataFormat 'NHWC', got '${dataFormat}'`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode);
  const { top, bottom, left, right } = info.padInfo;
  const [batch, , , inChannels] = x.shape;
  const positions = batch * info.outHeight * info.outWidth;

  const padded = top + bottom + left + right === 0 ? x
    : run('PadV2', backend, { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
  const channelsFirst = transpose(backend, padded, [3, 0, 1, 2]); // [inChannels, batch, height, width]
  const dy2d = reshape(backend, dy, [positions, info.outChannels]);

  const perOffset: tf.TensorInfo[] = [];
  for (let i = 0; i < info.filterHeight; i++) {
    for (let j = 0; j < info.filterWidth; j++) {
      const window = stridedSlice(backend, channelsFirst, [0, 0, i, j],
        [inChannels, batch, info.outHeight, info.outWidth], [1, 1, info.strideHeight, info.strideWidth]);
      const window2d = reshape(backend, window, [inChannels, positions]);
      perOffset.push(matMul2d(backend, window2d, dy2d, false, false)); // [inChannels, outChannels]
      free(backend, window, window2d);
    }
  }
  const stacked = concat(backend, perOffset, 0); // [filterHeight·filterWidth·inChannels, outChannels]
  const dW = reshape(backend, stacked, filterShape);
  free(backend, channelsFirst, dy2d, stacked, ...perOffset);
  if (padded !== x) free(backend, padded);
  return dW;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
