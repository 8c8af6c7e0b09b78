// LeakyRelu for wasm as XNNPACK's PReLU with the slope α in every channel: the package's LeakyRelu is a
// scalar loop, ten times slower on the DCGAN's activations. Both compute x < 0 ? α·x : x, so the results
// are identical.
import * as tf from '@tensorflow/tfjs';
import { free, run, WasmHeap } from './run';

function leakyRelu({
  inputs,
  backend,
  attrs,
}: {
  inputs: { x: tf.TensorInfo };
  backend: WasmHeap;
  attrs: tf.NamedAttrMap;
}): tf.TensorInfo {
  const { x } = inputs;
  const channels = x.shape[x.shape.length - 1] ?? 1;
  if (x.dtype !== 'float32') return run('LeakyRelu', backend, inputs, attrs);
  const alpha = backend.makeOutput([channels], 'float32');
  backend.typedArrayFromHeap(alpha).fill(attrs.alpha as number);
  const out = run('Prelu', backend, { x, alpha });
  free(backend, alpha);
  return out;
}

export const leakyReluConfig: tf.KernelConfig = {
  kernelName: 'LeakyRelu',
  backendName: 'wasm',
  kernelFunc: leakyRelu as unknown as tf.KernelFunc,
};
