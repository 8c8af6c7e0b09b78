// A native kernel computes what it can and declines the rest, which then runs on the wasm kernel it replaces.
import * as tf from '@tensorflow/tfjs';
import { WasmBackend } from './heap';

/** What tfjs hands a kernel on the wasm backend. */
export interface NativeKernelArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: WasmBackend;
  attrs: tf.NamedAttrMap;
}

export interface NativeKernel {
  kernelName: string;
  /** The output, or undefined for a call the native kernel does not take (dtype, layout, shape, attribute). */
  compute(args: NativeKernelArgs): tf.TensorInfo | undefined;
}

/** The config of one of genlab's own kernels on the wasm backend (no wasm kernel of that name to fall back to). */
export const wasmKernelConfig = (
  kernelName: string,
  kernelFunc: (args: NativeKernelArgs) => tf.TensorInfo | tf.TensorInfo[],
): tf.KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
