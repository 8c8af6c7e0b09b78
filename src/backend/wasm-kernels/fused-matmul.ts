// _FusedMatMul for wasm. It takes two matrices, as the cpu backend's kernel does (the package's reads its operands as
// [batch, rows, columns] only), so that a Dense layer's product needs none of the Reshape kernels tfjs's op wraps it
// in (src/backend/fused-gradients.ts). And it adds a bias correctly to a product of batches or of a transposed
// operand, which the package's kernel does not (its loop for those adds wrong bias values to every row after the
// first): there the product, the bias and the activation run as three kernels.
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig, matricesIn } from './batch-matmul';
import { free, run } from './run';

/** The same values seen with one more leading axis of 1: only the shape changes. */
const asBatchOfOne = (x: tf.TensorInfo): tf.TensorInfo => ({ ...x, shape: [1, ...x.shape] });

/** The wasm kernel of each activation tfjs fuses. */
const ACTIVATIONS: Record<string, string> = {
  relu: 'Relu',
  relu6: 'Relu6',
  elu: 'Elu',
  sigmoid: 'Sigmoid',
  leakyrelu: 'LeakyRelu',
  prelu: 'Prelu',
};

interface Inputs extends tf.NamedTensorInfoMap {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  bias?: tf.TensorInfo;
  preluActivationWeights?: tf.TensorInfo;
}

/** op(a)·op(b), + bias, then the activation, each its own kernel. */
function unfused(backend: tf.KernelBackend, inputs: Inputs, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const { activation, leakyreluAlpha, transposeA, transposeB } = attrs as {
    activation?: string;
    leakyreluAlpha?: number;
    transposeA: boolean;
    transposeB: boolean;
  };
  const product = batchMatMulConfig.kernelFunc({
    inputs: { a: inputs.a, b: inputs.b },
    backend,
    attrs: { transposeA, transposeB },
  }) as tf.TensorInfo;
  const sum = run('Add', backend, { a: product, b: inputs.bias! });
  free(backend, product);
  if (activation === 'linear' || activation === undefined) return sum;
  const activated = run(
    ACTIVATIONS[activation],
    backend,
    activation === 'prelu' ? { x: sum, alpha: inputs.preluActivationWeights! } : { x: sum },
    activation === 'leakyrelu' ? { alpha: leakyreluAlpha } : {},
  );
  free(backend, sum);
  return activated;
}

function fusedMatMul({
  inputs,
  backend,
  attrs,
}: {
  inputs: Inputs;
  backend: tf.KernelBackend;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { a, b, bias } = inputs;
  if (bias !== undefined && (attrs.transposeA || attrs.transposeB || matricesIn(a) > 1 || matricesIn(b) > 1))
    return unfused(backend, inputs, attrs);
  if (a.shape.length !== 2 || b.shape.length !== 2) return run(tf._FusedMatMul, backend, inputs, attrs);
  const product = run(tf._FusedMatMul, backend, { ...inputs, a: asBatchOfOne(a), b: asBatchOfOne(b) }, attrs);
  return { ...product, shape: product.shape.slice(1) };
}

export const fusedMatMulConfig: tf.KernelConfig = {
  kernelName: tf._FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMul as unknown as tf.KernelFunc,
};
