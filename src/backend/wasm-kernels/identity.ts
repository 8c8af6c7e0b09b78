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
