// Training kernels for the wasm backend: the ones tfjs-backend-wasm 4.22 lacks (Conv2DBackpropFilter)
// and faster versions of ones it runs as scalar or per-element loops (Conv2DBackpropInput, transposed
// BatchMatMul, Tile, LeakyRelu), leaves XNNPACK's tiles mostly empty in (FusedConv2D with one output channel)
// or copies needlessly (Identity, Cast to the same dtype); and _FusedMatMul taking matrices as well as batches.
import * as tf from '@tensorflow/tfjs';
import { batchMatMulConfig } from './batch-matmul';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { fusedConv2dConfig } from './fused-conv2d';
import { fusedMatMulConfig } from './fused-matmul';
import { castConfig, identityConfig, shareSavedTensors } from './identity';
import { leakyReluConfig } from './leaky-relu';
import { keepOriginal } from './run';
import { tileConfig } from './tile';

export const wasmTrainingKernels: tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  fusedConv2dConfig,
  fusedMatMulConfig,
  batchMatMulConfig,
  tileConfig,
  leakyReluConfig,
  identityConfig,
  castConfig,
];

let registered = false;

/** Registers genlab's wasm kernels, and keeps tensors for gradients without the Identity kernel (idempotent); call
 *  it before tf.setBackend('wasm'). */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  shareSavedTensors();
  for (const config of wasmTrainingKernels) {
    const original = keepOriginal(config.kernelName);
    if (original !== undefined) tf.unregisterKernel(config.kernelName, 'wasm');
    // The package's kernel stays callable, so its setup (binding the C++ function) must still run.
    tf.registerKernel({ ...config, setupFunc: original?.setupFunc });
  }
  registered = true;
}
