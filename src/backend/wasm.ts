import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

export interface WasmSetup {
  simd: boolean;
  threads: number;
}

/** Makes the wasm backend active, loading its binaries from the installed package (no network). */
export async function activateWasm(): Promise<WasmSetup> {
  const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  tfWasm.setWasmPaths(distDir + path.sep);
  tfWasm.setThreadsCount(os.cpus().length);
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
  return {
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean,
    threads: tfWasm.getThreadsCount(),
  };
}
