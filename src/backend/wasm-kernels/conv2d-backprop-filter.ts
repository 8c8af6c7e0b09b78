// Conv2DBackpropFilter for wasm, which the package lacks. The filter gradient of y = conv(x, W) with stride s,
//   dW[i, j, c, o] = Σ_{b, p, q} x[b, p·s + i − padTop, q·s + j − padLeft, c] · dy[b, p, q, o],
// is itself a convolution: take the channels of x as the batch and its batch as the channels, and dy as
// the filter, dilated by s. One XNNPACK convolution then does all the work, with no im2col buffer.
import * as tf from '@tensorflow/tfjs';
import { free, run, transpose } from './run';

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
  const [, height, width, inChannels] = x.shape;
  const { top, left } = info.padInfo;
  // Pad after the image only as far as the last window reaches; rows beyond it are left out below.
  const bottom = Math.max(0, info.filterHeight + (info.outHeight - 1) * info.strideHeight - height - top);
  const right = Math.max(0, info.filterWidth + (info.outWidth - 1) * info.strideWidth - width - left);

  const images = transpose(backend, x, [3, 1, 2, 0]); // [inChannels, height, width, batch]
  const filter = transpose(backend, dy, [1, 2, 0, 3]); // [outHeight, outWidth, batch, outChannels]
  const grad = run('Conv2D', backend, { x: images, filter }, {
    strides: 1, dilations: [info.strideHeight, info.strideWidth], dataFormat: 'NHWC', dimRoundingMode: undefined,
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
  }); // [inChannels, ≥ filterHeight, ≥ filterWidth, outChannels]
  const exact = grad.shape[1] === info.filterHeight && grad.shape[2] === info.filterWidth ? grad
    : run('Slice', backend, { x: grad }, { begin: [0, 0, 0, 0], size: [inChannels, info.filterHeight, info.filterWidth, -1] });
  const dW = transpose(backend, exact, [1, 2, 0, 3]); // [filterHeight, filterWidth, inChannels, outChannels]
  free(backend, images, filter, grad);
  if (exact !== grad) free(backend, exact);
  return dW;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
