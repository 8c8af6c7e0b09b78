// Add, Sub, Multiply and RealDiv in native loops when one operand is broadcast whole over the other's leading axes (a
// bias, a batch-norm factor per channel), as one value per row (a per-example weight), or as one value. The wasm
// package's XNNPACK kernels are fast for equal shapes but several times slower when broadcasting, which the batch-norm
// gradient does throughout.
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { allFloat, broadcastShape, computeInto, offsetOf } from './heap';
import { NativeKernel } from './kernel';

// Numbered as in native/elementwise.cc.
const OPERATIONS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3 } as const;
const COMMUTATIVE = new Set(['Add', 'Multiply']);

/**
 * How `part` broadcasts over the output shape `out` (n values), seen as [rows, inner] against the part's [bRows,
 * bInner]: whole over out's leading axes ([1, inner]: a bias, a factor per channel), one value per row of out's
 * leading axes ([rows, 1]), or one value ([1, n] against [1, 1]); undefined for any other broadcast.
 */
function layoutOf(part: number[], out: number[], n: number): [number, number, number, number] | undefined {
  const size = tf.util.sizeFromShape(part);
  if (size === 1 || size === n) return [1, n, 1, size];
  const padded = [...Array(out.length - part.length).fill(1), ...part];
  const first = padded.findIndex((d) => d !== 1);
  if (tf.util.arraysEqual(padded.slice(first), out.slice(first))) return [n / size, size, 1, size];
  const last = padded.length - [...padded].reverse().findIndex((d) => d !== 1);
  if (tf.util.arraysEqual(padded.slice(0, last), out.slice(0, last)) && padded.slice(last).every((d) => d === 1)) {
    return [size, n / size, size, 1];
  }
  return undefined;
}

export function binaryKernels(addon: NativeAddon): NativeKernel[] {
  return (Object.keys(OPERATIONS) as (keyof typeof OPERATIONS)[]).map((kernelName) => ({
    kernelName,
    compute: ({ inputs: { a, b }, backend }) => {
      const out = broadcastShape(a.shape, b.shape);
      if (!allFloat(a, b) || out === undefined) return undefined;
      const n = tf.util.sizeFromShape(out);
      // oneDNN broadcasts its second operand only: the full one goes first, swapped if the operation allows.
      const swap = tf.util.sizeFromShape(a.shape) !== n && COMMUTATIVE.has(kernelName);
      const [full, part] = swap ? [b, a] : [a, b];
      const layout = layoutOf(part.shape, out, n);
      if (tf.util.sizeFromShape(full.shape) !== n || layout === undefined) return undefined;
      return computeInto(backend, out, (heap, y) =>
        addon.binary(heap, offsetOf(backend, full), offsetOf(backend, part), y, ...layout, OPERATIONS[kernelName]),
      );
    },
  }));
}
