// Where a wasm tensor lives: native kernels get the wasm heap and byte offsets into it.
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-backend-wasm's BackendWasm that native kernels use. */
export interface WasmBackend extends tf.KernelBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** The byte offset of a tensor's values in the wasm heap. */
export const offsetOf = (backend: WasmBackend, info: tf.TensorInfo): number =>
  backend.dataIdMap.get(info.dataId).memoryOffset;

/** The shape `a` and `b` broadcast to, or undefined when they do not (the wasm kernel then reports it). */
export function broadcastShape(a: number[], b: number[]): number[] | undefined {
  try {
    return tf.broadcast_util.assertAndGetBroadcastShape(a, b);
  } catch {
    return undefined;
  }
}

/** Whether every tensor is float32 and none is empty: the only case the native kernels take. */
export const allFloat = (...infos: (tf.TensorInfo | undefined)[]): boolean =>
  infos.every((info) => info === undefined || (info.dtype === 'float32' && info.shape.every((d) => d > 0)));

/**
 * Allocates the output (float32 unless `dtype` says otherwise), runs `compute` on the heap as it is after that
 * allocation (which may have grown it), and returns the output; or frees it and returns undefined when `compute`
 * declined the shape.
 */
export function computeInto(
  backend: WasmBackend,
  shape: number[],
  compute: (heap: Uint8Array, out: number) => boolean,
  dtype: tf.DataType = 'float32',
): tf.TensorInfo | undefined {
  const out = backend.makeOutput(shape, dtype);
  if (compute(backend.wasm.HEAPU8, offsetOf(backend, out))) return out;
  backend.disposeData(out.dataId);
  return undefined;
}
