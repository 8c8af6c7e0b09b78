// Dropout's noise on native code. tfjs's dropout draws its uniform noise in JavaScript, one value at a time from
// seedrandom's Alea generator: 12.6 ms for the 1.2 million values of one DCGAN discriminator pass (three passes a
// step), 2 million per residual dropout of a language-model step. The native kernel continues the same Alea stream
// from the state JavaScript seeds it with, exactly as tfjs seeds it (from `seed`, or from one Math.random() without
// one, so withSeed still fixes it), so every mask is the same bits; the rest is tfjs's dropout, its ops in its order.
// It is reached by replacing tfjs-core's exported dropout, which tf.dropout and tfjs-layers' Dropout layer both read.
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { offsetOf } from './heap';
import { wasmKernelConfig } from './kernel';
import { aleaState, replaceCoreExport } from '../tfjs-twins';

export const ALEA_KERNEL = 'GenlabAleaUniform';

/** The kernel: no inputs; attributes the output's shape and Alea's state (c, s0, s1, s2); output the next values of
 *  that stream in [0, 1), as tf.randomUniform stores them. */
export function aleaKernelConfig(addon: NativeAddon): tf.KernelConfig {
  return wasmKernelConfig(ALEA_KERNEL, ({ backend, attrs }) => {
    const { shape, c, s0, s1, s2 } = attrs as { shape: number[]; c: number; s0: number; s1: number; s2: number };
    const out = backend.makeOutput(shape, 'float32');
    addon.aleaUniform(backend.wasm.HEAPU8, offsetOf(backend, out), tf.util.sizeFromShape(shape), c, s0, s1, s2);
    return out;
  });
}

type Dropout = typeof tf.dropout;
let installed = false;

/** Puts the native-noise dropout in tfjs-core's exports (idempotent); tfjs's own runs on any other backend, and for a
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
      tf.getKernel(ALEA_KERNEL, 'wasm') === undefined
    )
      return tfjsDropout(x, rate, noiseShape, seed);
    // As tfjs's UniformRandom: the seed's string, or one Math.random()'s.
    const { c, s0, s1, s2 } = aleaState(String(seed ?? Math.random()));
    const keepProb = 1 - rate;
    return tf.tidy(() => {
      const noise = tf.engine().runKernel(ALEA_KERNEL, {}, { shape: x.shape, c, s0, s1, s2 }) as tf.Tensor;
      return tf.mul(x, tf.div(tf.floor(tf.add(noise, keepProb)), keepProb));
    });
  });
  installed = true;
}
