// Add, Sub, Multiply and RealDiv on oneDNN when one operand is broadcast whole over the other's leading axes: a
// bias, a batch-norm factor per channel, one value. The wasm package's XNNPACK kernels are fast for equal shapes but
// several times slower when broadcasting, which the batch-norm gradient does throughout.
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { allFloat, broadcastShape, computeInto, offsetOf } from './heap';
import { NativeKernel } from './kernel';

// Numbered as in native/elementwise.cc.
const OPERATIONS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 } as const;
const COMMUTATIVE = new Set(['Add', 'Multiply']);

/** Whether `shape`, without its leading ones, is the last axes of `out`: broadcast whole over out's leading axes. */
function isSuffix(shape: number[], out: number[]): boolean {
  const kept = shape.slice(shape.findIndex((d) => d !== 1));
  return shape.every((d) => d === 1) || tf.util.arraysEqual(kept, out.slice(out.length - kept.length));
}

export function binaryKernels(addon: NativeAddon): NativeKernel[] {
  return (Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[]).map((kernelName) => ({
    kernelName,
    compute: ({ inputs: { a, b }, backend }) => {
      const out = broadcastShape(a.shape, b.shape);
      if (!allFloat(a, b) || out === undefined) return undefined;
      const n = tf.util.sizeFromShape(out);
      const [sizeA, sizeB] = [a, b].map((info) => tf.util.sizeFromShape(info.shape));
      // oneDNN broadcasts its second operand only: the full one goes first, swapped if the operation allows.
      const swap = sizeA !== n && COMMUTATIVE.has(kernelName);
      const [full, part, partSize] = swap ? [b, a, sizeA] : [a, b, sizeB];
      if (tf.util.sizeFromShape(full.shape) !== n || !isSuffix(part.shape, out)) return undefined;
      const inner = partSize === 1 ? n : partSize;
      return computeInto(backend, out, (heap, y) => addon.binary(heap, offsetOf(backend, full), offsetOf(backend, part), y,
        n / inner, inner, partSize, OPERATIONS[kernelName]));
    },
  }));
}
