// A kernel that a backend lacks fails deep inside tfjs with "Kernel 'X' not registered for backend 'wasm'", which
// does not say what to do. Registering a stand-in that throws a useful message keeps the failure clear.
import * as tf from '@tensorflow/tfjs';

/**
 * For every kernel the complete `cpu` backend has and `backend` lacks, registers a kernel that throws an error
 * naming the kernel and the ways out. Returns the names of those kernels.
 */
export function explainMissingKernels(backend: string): string[] {
  const available = new Set(tf.getKernelsForBackend(backend).map((k) => k.kernelName));
  const missing = tf
    .getKernelsForBackend('cpu')
    .map((k) => k.kernelName)
    .filter((name) => !available.has(name));
  for (const kernelName of missing) {
    tf.registerKernel({
      kernelName,
      backendName: backend,
      kernelFunc: () => {
        throw new Error(
          `TensorFlow.js has no '${kernelName}' kernel for the ${backend} backend, and this model ` +
            `needs it. Run with GENLAB_BACKEND=cpu (complete but slow), or install @tensorflow/tfjs-node ` +
            '(native, fast; needs internet to install) and restart.',
        );
      },
    });
  }
  return missing;
}
