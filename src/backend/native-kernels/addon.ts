// The native addon (native/genlab_dnnl.cc, built by kernel-setup/build-native.sh): oneDNN kernels that run on the
// wasm backend's heap. Loading it is the only thing that can fail; everything after falls back per call.
import * as fs from 'fs';
import * as path from 'path';

/** The addon's functions. Each takes the wasm heap, byte offsets into it and sizes; it returns false, touching
 *  nothing, when oneDNN has no optimised implementation for that shape. */
export interface NativeAddon {
  conv2dForward(heap: Uint8Array, ...numbers: number[]): boolean;
  conv2dBackpropInput(heap: Uint8Array, ...numbers: number[]): boolean;
  conv2dBackpropInputOneChannel(heap: Uint8Array, ...numbers: number[]): boolean;
  conv2dBackpropFilter(heap: Uint8Array, ...numbers: number[]): boolean;
  matmul(heap: Uint8Array, ...numbers: number[]): boolean;
  maxPool(heap: Uint8Array, ...numbers: number[]): boolean;
  maxPoolGrad(heap: Uint8Array, ...numbers: number[]): boolean;
  eltwise(heap: Uint8Array, ...numbers: number[]): boolean;
  binary(heap: Uint8Array, ...numbers: number[]): boolean;
  unary(heap: Uint8Array, ...numbers: number[]): boolean;
  batchNorm(heap: Uint8Array, ...numbers: number[]): boolean;
  reduce(heap: Uint8Array, ...numbers: number[]): boolean;
  greater(heap: Uint8Array, ...numbers: number[]): boolean;
  where(heap: Uint8Array, ...numbers: number[]): boolean;
  leakyReluGrad(heap: Uint8Array, ...numbers: number[]): boolean;
  adam(heap: Uint8Array, ...numbers: number[]): boolean;
  dropoutMask(heap: Uint8Array, ...numbers: number[]): boolean;
  /** e.g. "oneDNN 2.6.3 with OpenMP" */
  version(): string;
}

export const NATIVE_BUILD_COMMAND = 'bash kernel-setup/build-native.sh';
export const NATIVE_ADDON_FILE = path.resolve(__dirname, '../../../native/build/Release/genlab_dnnl.node');

/** Loads the addon with `threads` OpenMP threads, or throws saying why not and what gets it. */
export function loadNativeAddon(threads: number): NativeAddon {
  if (!fs.existsSync(NATIVE_ADDON_FILE)) {
    throw new Error(
      `native oneDNN kernels not built; to get them run \`${NATIVE_BUILD_COMMAND}\` ` +
        '(needs g++ and libdnnl-dev from Debian/Ubuntu)',
    );
  }
  // Read by OpenMP when the addon pulls it in. Idle OpenMP threads spin by default, which on a small machine takes
  // cores from the wasm backend's own threads between kernels; passive waiting gives them back.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  process.env.OMP_NUM_THREADS ??= String(threads);
  try {
    return require(NATIVE_ADDON_FILE) as NativeAddon;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `native oneDNN kernels failed to load (${message}); to rebuild them run \`${NATIVE_BUILD_COMMAND}\``,
    );
  }
}
