// A native kernel computes what it can and declines the rest, which then runs on the wasm kernel it replaces.
import * as tf from '@tensorflow/tfjs';
import { WasmBackend } from './heap';

export interface NativeKernel {
  kernelName: string;
  /** The output, or undefined for a call the native kernel does not take (dtype, layout, shape, attribute). */
  compute(args: {
    inputs: Record<string, tf.TensorInfo>;
    backend: WasmBackend;
    attrs: tf.NamedAttrMap;
  }): tf.TensorInfo | undefined;
}
