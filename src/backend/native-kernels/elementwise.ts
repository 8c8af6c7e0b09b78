// The step's memory-bound kernels on native code: activations, Square and Exp (oneDNN eltwise), plain loops for ReLU
// (oneDNN's turns NaN into 0), Neg, Step (a ReLU's gradient), Floor (dropout's mask) and Softplus, batch
// normalisation with the batch's statistics given (oneDNN), and Greater and Select (plain loops), which a leaky ReLU's
// gradient runs. Their wasm kernels are scalar loops, or broadcast element by element.
import * as tf from '@tensorflow/tfjs';
import { ELTWISE } from './activation';
import { NativeAddon } from './addon';
import { allFloat, broadcastShape, computeInto, offsetOf } from './heap';
import { NativeKernel } from './kernel';

const size = (info: tf.TensorInfo) => tf.util.sizeFromShape(info.shape);

/** The addon's plain loops of one input, numbered as in native/elementwise.cc. */
const UNARY = { reluKeepingNaN: 0, negate: 1, step: 2, floor: 3, softplus: 4 } as const;

/** A tensor of `channels` values, shaped [channels] or with ones before it (batch statistics, scale, offset). */
const perChannel = (info: tf.TensorInfo | undefined, channels: number) =>
  info === undefined || (size(info) === channels && info.shape[info.shape.length - 1] === channels);

export function elementwiseKernels(addon: NativeAddon): NativeKernel[] {
  /** A kernel of one input shaped as its output: the addon's `eltwise` (oneDNN) or `unary` (loops) with `code`. */
  const oneInput = (kernelName: string, run: 'eltwise' | 'unary', code: number): NativeKernel => ({
    kernelName,
    compute: ({ inputs: { x }, backend, attrs }) =>
      allFloat(x)
        ? computeInto(backend, x.shape, (heap, y) =>
            addon[run](heap, offsetOf(backend, x), y, size(x), code, (attrs?.alpha as number | undefined) ?? 0),
          )
        : undefined,
  });
  return [
    oneInput('Relu', 'unary', UNARY.reluKeepingNaN),
    oneInput('Neg', 'unary', UNARY.negate),
    oneInput('Step', 'unary', UNARY.step),
    oneInput('Floor', 'unary', UNARY.floor),
    oneInput('Softplus', 'unary', UNARY.softplus),
    oneInput('LeakyRelu', 'eltwise', ELTWISE.leakyrelu),
    oneInput('Sigmoid', 'eltwise', ELTWISE.sigmoid),
    oneInput('Tanh', 'eltwise', ELTWISE.tanh),
    oneInput('Square', 'eltwise', ELTWISE.square),
    oneInput('Exp', 'eltwise', ELTWISE.exp),
    {
      // a > b where both have the output's size, or one is a single value broadcast.
      kernelName: 'Greater',
      compute: ({ inputs: { a, b }, backend }) => {
        const shape = broadcastShape(a.shape, b.shape);
        if (!allFloat(a, b) || shape === undefined) return undefined;
        const n = tf.util.sizeFromShape(shape);
        const step = (info: tf.TensorInfo) => (size(info) === n ? 1 : size(info) === 1 ? 0 : undefined);
        const [stepA, stepB] = [step(a), step(b)];
        if (stepA === undefined || stepB === undefined) return undefined;
        return computeInto(
          backend,
          shape,
          (heap, y) => addon.greater(heap, offsetOf(backend, a), offsetOf(backend, b), y, n, stepA, stepB),
          'bool',
        );
      },
    },
    {
      // condition ? t : e elementwise, all three of one shape (not tfjs's selection of whole rows).
      kernelName: 'Select',
      compute: ({ inputs: { condition, t, e }, backend }) => {
        if (
          !allFloat(t, e) ||
          condition.dtype !== 'bool' ||
          !tf.util.arraysEqual(condition.shape, t.shape) ||
          !tf.util.arraysEqual(t.shape, e.shape)
        )
          return undefined;
        return computeInto(backend, t.shape, (heap, y) =>
          addon.where(heap, offsetOf(backend, condition), offsetOf(backend, t), offsetOf(backend, e), y, size(t)),
        );
      },
    },
    {
      kernelName: 'FusedBatchNorm',
      compute: ({ inputs: { x, mean, variance, offset, scale }, backend, attrs }) => {
        if (!allFloat(x, mean, variance, offset, scale) || x.shape.length !== 4) return undefined;
        const channels = x.shape[3];
        if (![mean, variance, offset, scale].every((info) => perChannel(info, channels))) return undefined;
        const optional = (info?: tf.TensorInfo) => (info === undefined ? -1 : offsetOf(backend, info));
        return computeInto(backend, x.shape, (heap, y) =>
          addon.batchNorm(
            heap,
            offsetOf(backend, x),
            offsetOf(backend, mean),
            offsetOf(backend, variance),
            optional(offset),
            optional(scale),
            y,
            size(x) / channels,
            channels,
            (attrs.varianceEpsilon as number | undefined) ?? 0.001,
          ),
        );
      },
    },
  ];
}
