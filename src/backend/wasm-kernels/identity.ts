// Identity, and Cast to the tensor's own dtype, for wasm without a copy: the output shares the input's memory,
// counted by reference, as the cpu backend's Identity and the wasm package's own Reshape do (tensors are immutable).
// The package's kernels copy, and tfjs's engine runs Identity each time it keeps a kernel's inputs for the gradient
// (about 300 copies per DCGAN step), as a ReLU's gradient casts float32 to float32.
import * as tf from '@tensorflow/tfjs';
import { run } from './run';

type Backend = tf.KernelBackend & { incRef(dataId: object): void };

function share(backend: Backend, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityConfig: tf.KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: (({ inputs: { x }, backend }: { inputs: { x: tf.TensorInfo }; backend: Backend }) =>
    share(backend, x)) as unknown as tf.KernelFunc,
};

export const castConfig: tf.KernelConfig = {
  kernelName: 'Cast',
  backendName: 'wasm',
  kernelFunc: (({
    inputs,
    backend,
    attrs,
  }: {
    inputs: { x: tf.TensorInfo };
    backend: Backend;
    attrs: tf.NamedAttrMap;
  }) =>
    inputs.x.dtype === attrs.dtype
      ? share(backend, inputs.x)
      : run('Cast', backend, inputs, attrs)) as unknown as tf.KernelFunc,
};

/** The parts of tfjs's engine that keeping a kernel's inputs for its gradient goes through. */
interface EngineInternals {
  backendName: string;
  backend: Backend;
  state: { activeScope: { name: string } };
  keep<T extends tf.Tensor>(tensor: T): T;
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
  runKernel(name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): tf.Tensor;
  addTapeNode(
    scopeName: string,
    inputs: tf.NamedTensorMap,
    outputs: tf.Tensor[],
    gradient: (dy: tf.Tensor) => Record<string, () => tf.Tensor>,
    saved: tf.Tensor[],
    attrs: tf.NamedAttrMap,
  ): void;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
}

let sharingSaved = false;

/**
 * tfjs keeps each input a kernel's gradient needs as a clone made by running the Identity kernel: a whole kernel
 * dispatch (about 10 µs of JavaScript) for what on wasm is a shared tensor, a third of an MLP step's kernel calls.
 * On wasm this makes the same shared tensor directly and records the tape node tfjs's clone records (so gradients of
 * gradients still reach the input); on other backends tfjs's own method runs. Idempotent.
 */
export function shareSavedTensors(): void {
  if (sharingSaved) return;
  const engine = Object.getPrototypeOf(tf.engine()) as EngineInternals;
  const tfjsSave = engine.saveTensorsForBackwardMode;
  engine.saveTensorsForBackwardMode = function saveTensorsForBackwardMode(this: EngineInternals, tensors) {
    if (this.backendName !== 'wasm') return tfjsSave.call(this, tensors);
    return tensors.map((x) => {
      const saved = this.makeTensorFromTensorInfo(share(this.backend, x));
      const gradient = (dy: tf.Tensor) => ({ x: () => this.runKernel('Cast', { x: dy }, { dtype: 'float32' }) });
      this.addTapeNode(this.state.activeScope.name, { x }, [saved], gradient, [], {});
      return this.keep(saved);
    });
  };
  sharingSaved = true;
}
