// Matrix products on oneDNN: BatchMatMul with either operand transposed (read in place through strides), and
// _FusedMatMul (a Dense layer: bias and activation as post-ops). Batches must match, or one side be a single matrix.
import * as tf from '@tensorflow/tfjs';
import { activationCode } from './activation';
import { NativeAddon } from './addon';
import { allFloat, broadcastShape, computeInto, offsetOf, WasmBackend } from './heap';
import { NativeKernel } from './kernel';

export function matMulKernels(addon: NativeAddon): NativeKernel[] {
  const product = (
    backend: WasmBackend,
    a: tf.TensorInfo,
    b: tf.TensorInfo,
    attrs: tf.NamedAttrMap,
    bias?: tf.TensorInfo,
    activation = 0,
    alpha = 0,
  ) => {
    if (!allFloat(a, b, bias) || a.shape.length < 2 || b.shape.length < 2) return undefined;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const [outerA, outerB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
    const [batchA, batchB] = [tf.util.sizeFromShape(outerA), tf.util.sizeFromShape(outerB)];
    const m = transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2];
    const k = transposeA ? a.shape[a.shape.length - 2] : a.shape[a.shape.length - 1];
    const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    if (k !== (transposeB ? b.shape[b.shape.length - 1] : b.shape[b.shape.length - 2])) return undefined;
    const outer = broadcastShape(outerA, outerB);
    if (outer === undefined) return undefined;
    // One flat batch, or one side broadcast whole; not a mix such as [2, 1] against [1, 3].
    if (
      tf.util.sizeFromShape(outer) !== Math.max(batchA, batchB) ||
      (batchA !== batchB && Math.min(batchA, batchB) !== 1)
    )
      return undefined;
    // A bias per column (a Dense layer's); oneDNN has only its slow reference code for a scalar one.
    if (bias !== undefined && (tf.util.sizeFromShape(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n))
      return undefined;
    return computeInto(backend, [...outer, m, n], (heap, c) =>
      addon.matmul(
        heap,
        offsetOf(backend, a),
        offsetOf(backend, b),
        bias === undefined ? -1 : offsetOf(backend, bias),
        c,
        batchA,
        batchB,
        m,
        k,
        n,
        Number(transposeA),
        Number(transposeB),
        activation,
        alpha,
      ),
    );
  };
  return [
    { kernelName: 'BatchMatMul', compute: ({ inputs, backend, attrs }) => product(backend, inputs.a, inputs.b, attrs) },
    {
      kernelName: '_FusedMatMul',
      compute: ({ inputs, backend, attrs }) => {
        const activation = activationCode(attrs.activation);
        if (activation === undefined || inputs.preluActivationWeights !== undefined) return undefined;
        return product(
          backend,
          inputs.a,
          inputs.b,
          attrs,
          inputs.bias,
          activation,
          (attrs.leakyreluAlpha as number | undefined) ?? 0.2,
        );
      },
    },
  ];
}
