// Max pooling and its gradient on oneDNN (the evaluator classifier's two pooling layers).
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { allFloat, computeInto, offsetOf } from './heap';
import { NativeKernel } from './kernel';

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The numbers native/genlab_dnnl.cc reads for a pooling (PoolShape). */
function shapeNumbers(xShape: number[], attrs: PoolAttrs): number[] {
  const info = tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { padInfo } = info;
  return [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    padInfo.top,
    padInfo.left,
    padInfo.bottom,
    padInfo.right,
  ];
}

export function maxPoolKernels(addon: NativeAddon): NativeKernel[] {
  return [
    {
      kernelName: 'MaxPool',
      compute: ({ inputs: { x }, backend, attrs }) => {
        if (!allFloat(x) || x.shape.length !== 4) return undefined;
        const numbers = shapeNumbers(x.shape, attrs as unknown as PoolAttrs);
        return computeInto(backend, [numbers[0], numbers[4], numbers[5], numbers[3]], (heap, y) =>
          addon.maxPool(heap, offsetOf(backend, x), y, ...numbers),
        );
      },
    },
    {
      kernelName: 'MaxPoolGrad',
      compute: ({ inputs: { dy, input }, backend, attrs }) => {
        if (!allFloat(dy, input) || input.shape.length !== 4) return undefined;
        const numbers = shapeNumbers(input.shape, attrs as unknown as PoolAttrs);
        // A dy not shaped as the pooling's output is left to the wasm kernel's reading of it.
        if (!tf.util.arraysEqual(dy.shape, [numbers[0], numbers[4], numbers[5], numbers[3]])) return undefined;
        return computeInto(backend, input.shape, (heap, dx) =>
          addon.maxPoolGrad(heap, offsetOf(backend, input), offsetOf(backend, dy), dx, ...numbers),
        );
      },
    },
  ];
}
