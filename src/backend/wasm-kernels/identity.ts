// Identity for wasm without a copy: the output shares the input's memory, counted by reference, as the cpu backend's
// Identity and the wasm package's own Reshape do (tensors are immutable). The package's Identity copies, and tfjs's
// engine runs it each time it keeps a kernel's inputs for the gradient: about 300 copies per DCGAN step.
import * as tf from '@tensorflow/tfjs';

function identity({ inputs: { x }, backend }: { inputs: { x: tf.TensorInfo }; backend: tf.KernelBackend }): tf.TensorInfo {
  (backend as tf.KernelBackend & { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityConfig: tf.KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identity as unknown as tf.KernelFunc,
};
