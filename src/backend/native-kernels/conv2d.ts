// Convolutions on oneDNN: Conv2D and FusedConv2D (bias and activation as post-ops), and both gradients. The
// input gradient, Conv2DBackpropInput, is also tfjs's transposed convolution.
import * as tf from '@tensorflow/tfjs';
import { activationCode } from './activation';
import { NativeAddon } from './addon';
import { allFloat, computeInto, offsetOf, WasmBackend } from './heap';
import { NativeKernel } from './kernel';

type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The numbers native/genlab_dnnl.cc reads for a convolution (ConvShape). */
function shapeNumbers(info: tf.backend_util.Conv2DInfo): number[] {
  const { padInfo } = info;
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outChannels,
    info.filterHeight,
    info.filterWidth,
    info.outHeight,
    info.outWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    padInfo.top,
    padInfo.left,
    padInfo.bottom,
    padInfo.right,
  ];
}

/** Whether dy has the shape the convolution's output has (tfjs's own kernels accept others and read part of dy). */
const dyFits = (dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo) =>
  tf.util.arraysEqual(dy.shape, [info.batchSize, info.outHeight, info.outWidth, info.outChannels]);

function convInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

export function conv2dKernels(addon: NativeAddon): NativeKernel[] {
  /** y = act(conv(x, filter) + bias), the four-dimensional NHWC case with a bias per output channel. */
  const forward = (
    backend: WasmBackend,
    x: tf.TensorInfo,
    filter: tf.TensorInfo,
    attrs: ConvAttrs,
    bias?: tf.TensorInfo,
    activation = 0,
    alpha = 0,
  ) => {
    if (!allFloat(x, filter, bias) || attrs.dataFormat !== 'NHWC' || x.shape.length !== 4) return undefined;
    const info = convInfo(x.shape, filter.shape, attrs);
    if (filter.shape[2] !== info.inChannels) return undefined; // tfjs's op checks it; a direct kernel call may not
    if (bias !== undefined && tf.util.sizeFromShape(bias.shape) !== info.outChannels) return undefined;
    return computeInto(backend, info.outShape, (heap, y) =>
      addon.conv2dForward(
        heap,
        offsetOf(backend, x),
        offsetOf(backend, filter),
        bias === undefined ? -1 : offsetOf(backend, bias),
        y,
        ...shapeNumbers(info),
        activation,
        alpha,
      ),
    );
  };

  return [
    {
      kernelName: 'Conv2D',
      compute: ({ inputs, backend, attrs }) => forward(backend, inputs.x, inputs.filter, attrs as unknown as ConvAttrs),
    },
    {
      kernelName: 'FusedConv2D',
      compute: ({ inputs, backend, attrs }) => {
        const activation = activationCode(attrs.activation);
        if (activation === undefined || inputs.preluActivationWeights !== undefined) return undefined;
        return forward(
          backend,
          inputs.x,
          inputs.filter,
          attrs as unknown as ConvAttrs,
          inputs.bias,
          activation,
          (attrs.leakyreluAlpha as number | undefined) ?? 0.2,
        );
      },
    },
    {
      kernelName: 'Conv2DBackpropInput',
      compute: ({ inputs: { dy, filter }, backend, attrs }) => {
        const { inputShape, dataFormat } = attrs as unknown as ConvAttrs & { inputShape: number[] };
        if (!allFloat(dy, filter) || dataFormat !== 'NHWC') return undefined;
        const info = convInfo(inputShape, filter.shape, attrs as unknown as ConvAttrs);
        if (!dyFits(dy, info) || filter.shape[2] !== info.inChannels) return undefined;
        // One input channel: a matrix product and a scatter, several times faster than oneDNN's direct code there.
        const run = info.inChannels === 1 ? addon.conv2dBackpropInputOneChannel : addon.conv2dBackpropInput;
        return computeInto(backend, inputShape, (heap, dx) =>
          run(heap, offsetOf(backend, dy), offsetOf(backend, filter), dx, ...shapeNumbers(info)),
        );
      },
    },
    {
      kernelName: 'Conv2DBackpropFilter',
      compute: ({ inputs: { x, dy }, backend, attrs }) => {
        const { filterShape, dataFormat } = attrs as unknown as ConvAttrs & { filterShape: number[] };
        if (!allFloat(x, dy) || dataFormat !== 'NHWC') return undefined;
        const info = convInfo(x.shape, filterShape, attrs as unknown as ConvAttrs);
        if (!dyFits(dy, info)) return undefined;
        return computeInto(backend, filterShape, (heap, dw) =>
          addon.conv2dBackpropFilter(heap, offsetOf(backend, x), offsetOf(backend, dy), dw, ...shapeNumbers(info)),
        );
      },
    },
  ];
}
