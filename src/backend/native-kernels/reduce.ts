// Sum and Mean over a block of neighbouring axes, on native loops: the bias gradients and batch statistics sum an
// [N, H, W, C] tensor over N, H and W, which the wasm kernel does by transposing it first.
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { allFloat, computeInto, offsetOf } from './heap';
import { NativeKernel } from './kernel';

export function reduceKernels(addon: NativeAddon): NativeKernel[] {
  const reduce = (kernelName: string, mean: boolean): NativeKernel => ({
    kernelName,
    compute: ({ inputs: { x }, backend, attrs }) => {
      if (!allFloat(x)) return undefined;
      const axes = [...new Set(tf.util.parseAxisParam(attrs.axis as number | number[], x.shape))].sort((p, q) => p - q);
      // Neighbouring axes only: x is then [outer, reduced, inner] without moving anything.
      if (axes.length === 0 || axes.some((axis, k) => axis !== axes[0] + k)) return undefined;
      const [first, last] = [axes[0], axes[axes.length - 1]];
      const product = (dims: number[]) => tf.util.sizeFromShape(dims);
      const [outer, reduced, inner] = [
        product(x.shape.slice(0, first)),
        product(x.shape.slice(first, last + 1)),
        product(x.shape.slice(last + 1)),
      ];
      const kept = x.shape.filter((_, axis) => !axes.includes(axis));
      const shape = attrs.keepDims ? tf.backend_util.expandShapeToKeepDim(kept, axes) : kept;
      return computeInto(backend, shape, (heap, y) =>
        addon.reduce(heap, offsetOf(backend, x), y, outer, reduced, inner, Number(mean)),
      );
    },
  });
  return [reduce('Sum', false), reduce('Mean', true)];
}
