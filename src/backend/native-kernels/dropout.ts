// Dropout's mask on native code. tfjs's dropout draws its uniform noise in JavaScript, one value at a time from
// seedrandom's Alea generator (12.6 ms for the 1.2 million values of one DCGAN discriminator pass, three passes a
// step; 2 million per residual dropout of a language-model step), then makes the mask with three more kernels (Add,
// Floor, RealDiv), each a pass over the whole tensor. The native kernel continues the same Alea stream from the state
// JavaScript seeds it with, exactly as tfjs seeds it (from `seed`, or from one Math.random() without one, so withSeed
// still fixes it), and makes the mask in the same pass with the same float32 operations, so every mask is the same
// bits; x times the mask is tfjs's last op. It is reached by replacing tfjs-core's exported dropout, which
// tf.dropout and tfjs-layers' Dropout layer both read.
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { offsetOf } from './heap';
import { wasmKernelConfig } from './kernel';
import { aleaState, replaceCoreExport } from '../tfjs-twins';

export const DROPOUT_MASK_KERNEL = 'GenlabDropoutMask';

/** The kernel: no inputs; attributes the output's shape, Alea's state (c, s0, s1, s2) and keepProb; output
 *  floor(u + keepProb) / keepProb for the next values u of that stream, as tfjs's dropout computes its mask. */
export function dropoutMaskKernelConfig(addon: NativeAddon): tf.KernelConfig {
  return wasmKernelConfig(DROPOUT_MASK_KERNEL, ({ backend, attrs }) => {
    const { shape, c, s0, s1, s2, keepProb } = attrs as {
      shape: number[];
      c: number;
      s0: number;
      s1: number;
      s2: number;
      keepProb: number;
    };
    const out = backend.makeOutput(shape, 'float32');
    addon.dropoutMask(
      backend.wasm.HEAPU8,
      offsetOf(backend, out),
      tf.util.sizeFromShape(shape),
      c,
      s0,
      s1,
      s2,
      keepProb,
    );
    return out;
  });
}

type Dropout = typeof tf.dropout;
let installed = false;

/** Puts the native-mask dropout in tfjs-core's exports (idempotent); tfjs's own runs on any other backend, and for a
 *  noise shape other than x's, a rate of 0, or a tensor that is not float32. */
export function useNativeDropout(): void {
  if (installed) return;
  replaceCoreExport<Dropout>('dropout', (tfjsDropout) => (x, rate, noiseShape, seed) => {
    if (
      !(x instanceof tf.Tensor) ||
      x.dtype !== 'float32' ||
      !(rate > 0 && rate < 1) ||
      !(noiseShape === undefined || noiseShape === null || tf.util.arraysEqual(noiseShape, x.shape)) ||
      tf.getBackend() !== 'wasm' ||
      tf.getKernel(DROPOUT_MASK_KERNEL, 'wasm') === undefined
    )
      return tfjsDropout(x, rate, noiseShape, seed);
    // As tfjs's UniformRandom: the seed's string, or one Math.random()'s.
    const { c, s0, s1, s2 } = aleaState(String(seed ?? Math.random()));
    const attrs = { shape: x.shape, c, s0, s1, s2, keepProb: 1 - rate };
    return tf.tidy(() => tf.mul(x, tf.engine().runKernel(DROPOUT_MASK_KERNEL, {}, attrs) as tf.Tensor));
  });
  installed = true;
}
