// Tile for wasm by block copies. The batch-norm gradient tiles a per-channel vector to the size of the
// activations; the package's Tile computes an index per element, which made it a tenth of a DCGAN step.
import * as tf from '@tensorflow/tfjs';

interface WasmHeap extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

function tile({
  inputs,
  backend,
  attrs,
}: {
  inputs: { x: tf.TensorInfo };
  backend: WasmHeap;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x } = inputs;
  const reps = attrs.reps as number[];
  const outShape = x.shape.map((size, axis) => size * reps[axis]);
  const out = backend.makeOutput(outShape, x.dtype);
  const target = backend.typedArrayFromHeap(out); // views taken after the allocation, which may grow the heap
  const source = backend.typedArrayFromHeap(x);
  const rank = x.shape.length;
  // Fills the output block of `axis` (all of axes axis.. of one index prefix) at `to`, from the source
  // block at `from`: each source row is copied once, then whole filled blocks are doubled in place.
  const fill = (axis: number, from: number, to: number): number => {
    const sourceBlock = x.shape.slice(axis + 1).reduce((n, d) => n * d, 1);
    let filled = 0;
    if (axis === rank - 1) {
      target.set(source.subarray(from, from + x.shape[axis]), to);
      filled = x.shape[axis];
    } else {
      for (let i = 0; i < x.shape[axis]; i++) filled += fill(axis + 1, from + i * sourceBlock, to + filled);
    }
    const total = filled * reps[axis];
    for (let done = filled; done < total; done = Math.min(total, 2 * done)) {
      target.copyWithin(to + done, to, to + Math.min(done, total - done));
    }
    return total;
  };
  if (rank === 0) target[0] = source[0];
  else fill(0, 0, 0);
  return out;
}

export const tileConfig: tf.KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tile as unknown as tf.KernelFunc,
};
