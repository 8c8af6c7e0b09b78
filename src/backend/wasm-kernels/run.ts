// Helpers for writing wasm kernels out of other wasm kernels: each call runs a kernel the wasm package
// registered (its XNNPACK convolution and matmul, transpose...) on TensorInfos, outside the engine,
// so nothing is recorded on the gradient tape and every intermediate must be disposed by hand.
import * as tf from '@tensorflow/tfjs';

type Attrs = Record<string, unknown>;

/** The wasm backend's heap: kernels that fill their output in JS allocate it there and view it as floats. */
export interface WasmHeap extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** The wasm package's own kernels, captured before genlab replaces some of them. */
const originals = new Map<string, tf.KernelConfig>();

/** Remembers the package's kernel for `name` (if any) so that replacements can still call it. */
export function keepOriginal(name: string): tf.KernelConfig | undefined {
  const kernel = originals.get(name) ?? tf.getKernel(name, 'wasm');
  if (kernel !== undefined) originals.set(name, kernel);
  return kernel;
}

/** Runs the wasm package's kernel `name` directly and returns its output. */
export function run(
  name: string,
  backend: tf.KernelBackend,
  inputs: tf.NamedTensorInfoMap | tf.TensorInfo[],
  attrs: Attrs = {},
): tf.TensorInfo {
  const kernel = keepOriginal(name);
  if (kernel === undefined) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({
    inputs: inputs as tf.NamedTensorInfoMap,
    backend,
    attrs: attrs as tf.NamedAttrMap,
  }) as tf.TensorInfo;
}

/** Frees intermediate results made by `run`. */
export function free(backend: tf.KernelBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export const reshape = (backend: tf.KernelBackend, x: tf.TensorInfo, shape: number[]): tf.TensorInfo =>
  run('Reshape', backend, { x }, { shape });

export const transpose = (backend: tf.KernelBackend, x: tf.TensorInfo, perm: number[]): tf.TensorInfo =>
  run('Transpose', backend, { x }, { perm });

/** The output columns [first, end) whose input column q·stride + tap − padLeft lies inside the input's width:
 *  the ones filter tap `tap` meets. */
export function columnsMetByTap(
  tap: number,
  padLeft: number,
  stride: number,
  inWidth: number,
  outWidth: number,
): [number, number] {
  return [
    Math.max(0, Math.ceil((padLeft - tap) / stride)),
    Math.min(outWidth, Math.ceil((inWidth + padLeft - tap) / stride)),
  ];
}
