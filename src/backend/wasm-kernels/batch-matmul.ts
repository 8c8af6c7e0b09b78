// BatchMatMul for wasm that keeps transposed products on XNNPACK. The package sends any matmul with a
// transpose flag (every Dense gradient) to a scalar C++ loop; transposing the operand first and then
// multiplying plainly is many times faster, since the transpose costs one pass over memory.
import * as tf from '@tensorflow/tfjs';
import { free, reshape, run, transpose } from './run';

/** C = op(A)·op(B) for 2D A and B, always through the fast untransposed path. [m, k]·[k, n] → [m, n] */
export function matMul2d(
  backend: tf.KernelBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  if (transposeA && transposeB) {
    // Aᵀ·Bᵀ = (B·A)ᵀ: one transpose instead of two.
    const ba = matMul2d(backend, b, a, false, false);
    const out = transpose(backend, ba, [1, 0]);
    free(backend, ba);
    return out;
  }
  const size = (x: tf.TensorInfo) => x.shape[0] * x.shape[1];
  if (transposeB && size(a) < size(b)) {
    // A·Bᵀ = (B·Aᵀ)ᵀ: transpose the smaller operand (then XNNPACK packs it too) and leave the larger one as is.
    const ba = matMul2d(backend, b, a, false, true);
    const out = transpose(backend, ba, [1, 0]);
    free(backend, ba);
    return out;
  }
  const left = transposeA ? transpose(backend, a, [1, 0]) : a;
  const right = transposeB ? transpose(backend, b, [1, 0]) : b;
  const left3d = reshape(backend, left, [1, ...left.shape]);
  const right3d = reshape(backend, right, [1, ...right.shape]);
  const product = run('BatchMatMul', backend, { a: left3d, b: right3d }, { transposeA: false, transposeB: false });
  const out = reshape(backend, product, [left.shape[0], right.shape[1]]);
  free(backend, left3d, right3d, product);
  if (transposeA) free(backend, left);
  if (transposeB) free(backend, right);
  return out;
}

/** How many matrices an operand of a batched product holds: the product of its axes before the last two. */
export const matricesIn = (x: tf.TensorInfo): number => tf.util.sizeFromShape(x.shape.slice(0, -2));

function batchMatMul({
  inputs,
  backend,
  attrs,
}: {
  inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
  backend: tf.KernelBackend;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { a, b } = inputs;
  const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
  if (matricesIn(a) !== 1 || matricesIn(b) !== 1) {
    return run('BatchMatMul', backend, inputs, attrs); // true batches: rare here, keep the package's kernel
  }
  const a2d = reshape(backend, a, a.shape.slice(-2));
  const b2d = reshape(backend, b, b.shape.slice(-2));
  const product = matMul2d(backend, a2d, b2d, transposeA, transposeB);
  const outRank = Math.max(a.shape.length, b.shape.length);
  const out = reshape(backend, product, [...new Array(outRank - 2).fill(1), ...product.shape]);
  free(backend, a2d, b2d, product);
  return out;
}

export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: 'BatchMatMul',
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as tf.KernelFunc,
};
