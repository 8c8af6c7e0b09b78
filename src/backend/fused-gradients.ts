// Gradients of tfjs's fused ops that compute only what the tape asks for. A Dense or Conv2D layer without an
// activation runs tf.fused.matMul or tf.fused.conv2d, even while a gradient is recorded, and tfjs's gradient of those
// computes the gradient of every input (the layer's input, weights and bias) whether or not anything needs it: a
// GAN's generator step computes the discriminator's weight gradients and drops them, and every first layer computes a
// gradient for the images. The MLP GAN's step ran 24 matrix products where 18 are needed.
// Here the two fused kernels get gradients of tfjs's registered kind, one per input, run only when asked, with tfjs's
// own formulas (the same kernels in the same order, so the same numbers); and while a gradient is recorded,
// tf.fused.matMul and tf.fused.conv2d run those kernels directly, so the tape uses them. Anything else (an
// activation, which tfjs does not fuse while recording, PReLU weights, broadcast batches, NCHW, dilations) goes to
// tfjs's own op unchanged.
import * as tf from '@tensorflow/tfjs';

type MatMulArgs = Parameters<typeof tf.fused.matMul>[0];
type Conv2dArgs = Parameters<typeof tf.fused.conv2d>[0];

/** The bias gradient: dy summed over the axes the bias was broadcast along (tfjs's getFusedBiasGradient). */
function biasGradient(dy: tf.Tensor, biasShape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(biasShape, dy.shape);
  if (axes.length === 0) return tf.reshape(dy, biasShape);
  const summed = tf.sum(dy, axes);
  return tf.util.arraysEqual(summed.shape, biasShape) ? summed : tf.reshape(summed, biasShape);
}

const matMulGradient: tf.GradConfig = {
  kernelName: tf._FusedMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, [a, b], attrs) => {
    const { transposeA, transposeB, biasShape } = attrs as unknown as {
      transposeA: boolean;
      transposeB: boolean;
      biasShape?: number[];
    };
    const d = dy as tf.Tensor;
    // tfjs's four cases, each gradient as a thunk.
    const [gradA, gradB] = !transposeA
      ? !transposeB
        ? [() => tf.matMul(d, b, false, true), () => tf.matMul(a, d, true, false)]
        : [() => tf.matMul(d, b, false, false), () => tf.matMul(d, a, true, false)]
      : !transposeB
        ? [() => tf.matMul(b, d, false, true), () => tf.matMul(a, d, false, false)]
        : [() => tf.matMul(b, d, true, true), () => tf.matMul(d, a, true, true)];
    return { a: gradA, b: gradB, ...(biasShape ? { bias: () => biasGradient(d, biasShape) } : {}) };
  },
};

const conv2dGradient: tf.GradConfig = {
  kernelName: tf.FusedConv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, [x, filter], attrs) => {
    const { strides, pad, biasShape } = attrs as unknown as {
      strides: [number, number];
      pad: 'valid' | 'same' | number;
      biasShape?: number[];
    };
    const d = dy as tf.Tensor4D;
    return {
      x: () => tf.conv2dTranspose(d, filter as tf.Tensor4D, x.shape as [number, number, number, number], strides, pad),
      // tfjs exports no op for it; its own gradients run this kernel with these attributes.
      filter: () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: d }, {
          strides,
          pad,
          dataFormat: 'NHWC',
          dimRoundingMode: undefined,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor4D,
      ...(biasShape ? { bias: () => biasGradient(d, biasShape) } : {}),
    };
  },
};

const recording = () => tf.engine().state.gradientDepth > 0;

/** Whether `bias` broadcasts to `shape` without growing it, as a bias must. */
const biasFits = (bias: tf.Tensor, shape: number[]) => {
  try {
    return tf.util.arraysEqual(tf.broadcast_util.assertAndGetBroadcastShape(shape, bias.shape), shape);
  } catch {
    return false;
  }
};

/** The backends whose _FusedMatMul takes two matrices: cpu's own, and wasm's through genlab's kernel
 *  (src/backend/wasm-kernels/fused-matmul.ts). */
const TAKE_MATRICES = new Set(['cpu', 'wasm']);

/** tf.fused.matMul while recording, for what tfjs fuses then: no activation, no PReLU, equal batches. */
function fusedMatMul(original: typeof tf.fused.matMul, args: MatMulArgs): tf.Tensor {
  const { a, b, transposeA = false, transposeB = false, bias, activation = 'linear' } = args;
  if (!recording() || activation !== 'linear' || args.preluActivationWeights !== undefined) return original(args);
  if (!(a instanceof tf.Tensor && b instanceof tf.Tensor && a.rank >= 2 && b.rank >= 2)) return original(args);
  // As tfjs: each operand as [batch, its two last axes], the product [batch, outer of a, outer of b].
  const [a1, a2] = a.shape.slice(-2);
  const [b1, b2] = b.shape.slice(-2);
  const batchShape = a.shape.slice(0, -2);
  const batch = tf.util.sizeFromShape(batchShape);
  const outShape = [batch, transposeA ? a2 : a1, transposeB ? b1 : b2];
  if (
    (transposeA ? a1 : a2) !== (transposeB ? b2 : b1) ||
    !tf.util.arraysEqual(batchShape, b.shape.slice(0, -2)) ||
    [a, b].some((t) => t.dtype !== 'float32') ||
    !(bias === undefined || (bias instanceof tf.Tensor && bias.dtype === 'float32' && biasFits(bias, outShape)))
  )
    return original(args);
  // tfjs's op reshapes the operands to [batch, rows, columns] and the product back, three Reshape kernels on the tape
  // and three more for their gradients, 6–7 µs each; two matrices go to the kernels that take them as they are.
  const matrices = a.rank === 2 && b.rank === 2 && TAKE_MATRICES.has(tf.getBackend());
  const inputs: tf.NamedTensorMap = matrices
    ? { a, b }
    : { a: tf.reshape(a, [batch, a1, a2]), b: tf.reshape(b, [batch, b1, b2]) };
  if (bias !== undefined) inputs.bias = bias;
  const attrs = {
    transposeA,
    transposeB,
    activation,
    leakyreluAlpha: args.leakyreluAlpha ?? 0.2,
    biasShape: bias?.shape,
  };
  const product = tf.engine().runKernel(tf._FusedMatMul, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  return matrices ? product : tf.reshape(product, [...batchShape, ...outShape.slice(1)]);
}

/** tf.fused.conv2d while recording, for what tfjs fuses then and differentiates: no activation, no PReLU, NHWC, no
 *  dilation, float32. */
function fusedConv2d(original: typeof tf.fused.conv2d, args: Conv2dArgs): tf.Tensor {
  const { x, filter, strides, pad, dataFormat = 'NHWC', dilations = [1, 1], dimRoundingMode, bias } = args;
  const activation = args.activation ?? 'linear';
  if (!recording() || activation !== 'linear' || args.preluActivationWeights !== undefined) return original(args);
  if (!(x instanceof tf.Tensor && filter instanceof tf.Tensor && x.rank === 4 && filter.rank === 4))
    return original(args);
  const ones = (v: number | [number, number]) => (typeof v === 'number' ? v === 1 : v.every((d) => d === 1));
  if (dataFormat !== 'NHWC' || !ones(dilations) || dimRoundingMode !== undefined) return original(args);
  const outShape = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
  ).outShape;
  if (
    x.shape[3] !== filter.shape[2] ||
    [x, filter].some((t) => t.dtype !== 'float32') ||
    !(bias === undefined || (bias instanceof tf.Tensor && bias.dtype === 'float32' && biasFits(bias, outShape)))
  )
    return original(args);
  const inputs: tf.NamedTensorMap = { x, filter };
  if (bias !== undefined) inputs.bias = bias;
  const attrs = { strides, pad, dataFormat, dilations, dimRoundingMode, activation, biasShape: bias?.shape };
  return tf.engine().runKernel(tf.FusedConv2D, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

let installed = false;

/** Registers the gradients and puts the two ops in tf.fused (idempotent). Where tf.fused cannot be changed (an ES
 *  module bundle's namespace object, as in the bundle of tfjs's own op tests) tfjs's ops stay: slower, not wrong. */
export function useFusedGradientsOnDemand(): void {
  if (installed) return;
  tf.registerGradient(matMulGradient);
  tf.registerGradient(conv2dGradient);
  const fused = tf.fused as { matMul: (args: MatMulArgs) => tf.Tensor; conv2d: (args: Conv2dArgs) => tf.Tensor };
  const [originalMatMul, originalConv2d] = [tf.fused.matMul, tf.fused.conv2d];
  try {
    fused.matMul = (args) => fusedMatMul(originalMatMul, args);
    fused.conv2d = (args) => fusedConv2d(originalConv2d, args);
  } catch {
    // read-only: tfjs's ops stay
  }
  installed = true;
}
