// Native oneDNN kernels for the wasm backend: each replaces the wasm kernel of the same name and hands it every call
// it does not take, so that a shape, dtype or attribute it lacks costs speed, never a wrong answer.
import * as tf from '@tensorflow/tfjs';
import { keepOriginal } from '../wasm-kernels/run';
import { adamKernelConfig, useFusedAdam } from './adam';
import { NativeAddon } from './addon';
import { binaryKernels } from './binary';
import { conv2dKernels } from './conv2d';
import { dropoutMaskKernelConfig, useNativeDropout } from './dropout';
import { elementwiseKernels } from './elementwise';
import { NativeKernel } from './kernel';
import { leakyReluGradKernelConfig, useNativeLeakyReluGradient } from './leaky-relu-gradient';
import { matMulKernels } from './matmul';
import { maxPoolKernels } from './max-pool';
import { reduceKernels } from './reduce';

export { loadNativeAddon, NATIVE_BUILD_COMMAND, NativeAddon } from './addon';

export const nativeKernels = (addon: NativeAddon): NativeKernel[] => [
  ...conv2dKernels(addon),
  ...matMulKernels(addon),
  ...maxPoolKernels(addon),
  ...elementwiseKernels(addon),
  ...binaryKernels(addon),
  ...reduceKernels(addon),
];

let registered = false;

/** Registers the native kernels over the wasm ones, Adam's fused update, dropout's native noise and a leaky ReLU's
 *  gradient in one kernel (idempotent); call it after genlab's wasm kernels are registered and before
 *  tf.setBackend('wasm'). */
export function registerNativeKernels(addon: NativeAddon): void {
  if (registered) return;
  for (const { kernelName, compute } of nativeKernels(addon)) {
    keepOriginal(kernelName); // genlab's wasm kernels keep calling the package's own, not these
    const fallback = tf.getKernel(kernelName, 'wasm');
    if (fallback === undefined) throw new Error(`the wasm backend has no ${kernelName} kernel to fall back to`);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      setupFunc: fallback.setupFunc,
      kernelFunc: ((args: Parameters<NativeKernel['compute']>[0]) =>
        compute(args) ?? fallback.kernelFunc(args)) as unknown as tf.KernelFunc,
    });
  }
  tf.registerKernel(adamKernelConfig(addon));
  useFusedAdam();
  tf.registerKernel(dropoutMaskKernelConfig(addon));
  useNativeDropout();
  tf.registerKernel(leakyReluGradKernelConfig(addon));
  useNativeLeakyReluGradient();
  registered = true;
}
