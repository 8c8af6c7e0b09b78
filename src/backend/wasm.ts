// The wasm backend, set up for training in Node: genlab's training kernels, the threaded SIMD build, and optionally
// the native oneDNN kernels over its heap.
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';
import { useFusedGradientsOnDemand } from './fused-gradients';
import { loadNativeAddon, registerNativeKernels } from './native-kernels';
import { useFasterRandomNormal } from './random-normal';
import { useReduceGradientsWithoutOnes } from './reduce-gradients';
import { withThreadedWasmPatches, writeWorkerScript } from './wasm-environment';
import { registerWasmTrainingKernels } from './wasm-kernels';

export interface WasmSetup {
  simd: boolean;
  threads: number;
  /** With native kernels: oneDNN's version, e.g. "oneDNN 2.6.3 with OpenMP". */
  native?: string;
}

/**
 * Makes the wasm backend active with genlab's training kernels, loading its binaries from the installed
 * package (no network), with one thread per core when WebAssembly threads work (GENLAB_WASM_THREADS=1
 * forces a single thread, for wasm and oneDNN alike), tfjs's fused products with gradients computed only where
 * the tape needs them (./fused-gradients), Sum's and Mean's gradients without a tensor of ones (./reduce-gradients),
 * and tf.randomNormal's numbers drawn faster (./random-normal). With
 * `native`, the native kernels replace wasm's convolutions, matrix products, max-pooling, batch normalisation,
 * activations, arithmetic, sums, Adam's update, dropout's mask and a leaky ReLU's gradient; if their addon cannot
 * load, this throws before anything starts.
 */
export async function activateWasm(options: { native?: boolean } = {}): Promise<WasmSetup> {
  const threads = Number(process.env.GENLAB_WASM_THREADS ?? os.cpus().length);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(
      `GENLAB_WASM_THREADS must be a whole number of threads, 1 or more; got '${process.env.GENLAB_WASM_THREADS}'`,
    );
  }
  const addon = options.native ? loadNativeAddon(threads) : undefined;
  registerWasmTrainingKernels();
  useFusedGradientsOnDemand();
  useReduceGradientsWithoutOnes();
  useFasterRandomNormal();
  if (addon) registerNativeKernels(addon);
  const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  tfWasm.setWasmPaths(path.join(packageDir, 'dist') + path.sep);
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  tfWasm.setThreadsCount(threads);
  const events = ['uncaughtException', 'unhandledRejection'];
  const listeners = () => events.flatMap((event) => process.listeners(event as 'uncaughtException'));
  const listenersBefore = new Set(listeners());
  if (simd && threads > 1) await initialiseThreaded(packageDir, threads);
  else if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
  // Emscripten adds handlers that rethrow every later error from inside its minified glue, so Node
  // would print a screenful of it instead of the line that failed.
  for (const listener of listeners()) {
    if (!listenersBefore.has(listener)) events.forEach((event) => process.removeListener(event, listener));
  }
  return { simd, threads: tfWasm.getThreadsCount(), ...(addon ? { native: addon.version() } : {}) };
}

/** Starts the threaded SIMD build, which tfjs-backend-wasm turns off in Node (see ./wasm-environment). */
async function initialiseThreaded(packageDir: string, threads: number): Promise<void> {
  const workerFile = writeWorkerScript(packageDir, tfWasm.version_wasm);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  await withThreadedWasmPatches(threads, workerFile, async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('the threaded wasm backend failed to initialise');
  });
  // Running pthreads hold a reference that would keep Node alive after the program ends.
  const module = (tf.backend() as unknown as { wasm: { PThread?: { runningWorkers: { unref(): void }[] } } }).wasm;
  for (const worker of module.PThread?.runningWorkers ?? []) worker.unref();
}
