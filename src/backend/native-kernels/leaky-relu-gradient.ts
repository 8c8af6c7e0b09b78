// A leaky ReLU's gradient in one native pass. tfjs computes it as where(x > 0, dy, dy · alpha): a Greater, a Multiply
// and a Select, each a pass over the activation and an allocation, two of them for a scalar tensor. The gradient
// registered here runs one kernel that computes the same float32 values (a NaN x takes dy · alpha in both) on the
// wasm backend with native kernels, and tfjs's own formula anywhere else.
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { computeInto, offsetOf } from './heap';
import { wasmKernelConfig } from './kernel';

export const LEAKY_RELU_GRAD_KERNEL = 'GenlabLeakyReluGrad';

/** The kernel: inputs dy and x (float32, one shape), attribute alpha; output dx. */
export function leakyReluGradKernelConfig(addon: NativeAddon): tf.KernelConfig {
  return wasmKernelConfig(LEAKY_RELU_GRAD_KERNEL, ({ inputs: { dy, x }, backend, attrs }) =>
    computeInto(backend, x.shape, (heap, dx) =>
      addon.leakyReluGrad(
        heap,
        offsetOf(backend, dy),
        offsetOf(backend, x),
        dx,
        tf.util.sizeFromShape(x.shape),
        attrs.alpha as number,
      ),
    )!,
  );
}

let installed = false;

/** Registers the LeakyRelu gradient that uses the kernel where it can, and the kernel's own gradient (idempotent). */
export function useNativeLeakyReluGradient(): void {
  if (installed) return;
  // For gradients of gradients (a WGAN-GP's penalty): dx is linear in dy with the same factor, and its x enters only
  // through x > 0, which tfjs differentiates as zero.
  tf.registerGradient({
    kernelName: LEAKY_RELU_GRAD_KERNEL,
    inputsToSave: ['x'],
    gradFunc: (ddx, [x], attrs) => ({
      dy: () => tf.engine().runKernel(LEAKY_RELU_GRAD_KERNEL, { dy: ddx as tf.Tensor, x }, attrs) as tf.Tensor,
      x: () => tf.zerosLike(x),
    }),
  });
  const tfjsGradient = tf.getGradient(tf.LeakyRelu);
  tf.registerGradient({
    ...tfjsGradient,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const d = dy as tf.Tensor;
      const native =
        tf.getBackend() === 'wasm' &&
        tf.getKernel(LEAKY_RELU_GRAD_KERNEL, 'wasm') !== undefined &&
        d.dtype === 'float32' &&
        x.dtype === 'float32' &&
        tf.util.arraysEqual(d.shape, x.shape) &&
        x.size > 0;
      if (!native) return tfjsGradient.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(LEAKY_RELU_GRAD_KERNEL, { dy: d, x }, attrs) as tf.Tensor };
    },
  });
  installed = true;
}
