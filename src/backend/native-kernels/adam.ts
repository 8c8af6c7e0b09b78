// Adam's update on native code: tfjs's AdamOptimizer runs 14 elementwise kernels per variable and step, each a pass
// over the variable's memory; the native kernel makes one pass, computing the same float32 values in the same order,
// in place where it can.
// It is reached by replacing AdamOptimizer.applyGradients with a twin that keeps everything else of tfjs's: the
// slots (m and v variables named `${name}/m`, `${name}/v`, in the order checkpoints save them), β₁ᵗ and β₂ᵗ, and
// the iteration count. On any other backend, or with a variable that is not float32, tfjs's own method runs.
import * as tf from '@tensorflow/tfjs';
import { NativeAddon } from './addon';
import { offsetOf } from './heap';
import { wasmKernelConfig } from './kernel';

export const ADAM_KERNEL = 'GenlabAdamUpdate';

/**
 * The kernel: inputs value, m, v, gradient and the scalars accBeta1, accBeta2; outputs the new value, m and v, or,
 * with the attribute `inPlace`, none: the new values overwrite the old, each read before it is written.
 */
export function adamKernelConfig(addon: NativeAddon): tf.KernelConfig {
  return wasmKernelConfig(ADAM_KERNEL, ({ inputs, backend, attrs }) => {
    const { value, m, v, gradient, accBeta1, accBeta2 } = inputs;
    const outputs = attrs.inPlace ? [] : [value, m, v].map((info) => backend.makeOutput(info.shape, 'float32'));
    const targets = attrs.inPlace ? [value, m, v] : outputs;
    const offsets = [value, m, v, gradient, accBeta1, accBeta2, ...targets].map((info) => offsetOf(backend, info));
    const { beta1, beta2, epsilon, learningRate } = attrs as Record<string, number>;
    // After the allocations, which may have grown the heap.
    addon.adam(
      backend.wasm.HEAPU8,
      ...offsets,
      tf.util.sizeFromShape(value.shape),
      beta1,
      beta2,
      epsilon,
      learningRate,
    );
    return outputs;
  });
}

interface Slot {
  originalName: string;
  variable: tf.Variable;
}
/** The fields of tfjs's AdamOptimizer that its applyGradients uses (private in its typings). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[];
  accumulatedSecondMoment: Slot[];
  incrementIterations(): void;
}
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

const gradientsOf = (gradients: Gradients): [string, tf.Tensor | undefined][] =>
  Array.isArray(gradients)
    ? gradients.map(({ name, tensor }): [string, tf.Tensor] => [name, tensor])
    : Object.keys(gradients).map((name): [string, tf.Tensor] => [name, gradients[name]]);

/** Whether the fused update can run: the wasm backend with the kernel, and float32 variables and gradients. */
function fusedApplies(gradients: [string, tf.Tensor | undefined][]): boolean {
  if (tf.getBackend() !== 'wasm' || tf.getKernel(ADAM_KERNEL, 'wasm') === undefined) return false;
  return gradients.every(([name, gradient]) => {
    const value = tf.engine().registeredVariables[name];
    return (
      gradient === undefined ||
      gradient === null ||
      (value.dtype === 'float32' && gradient.dtype === 'float32' && value.size === gradient.size)
    );
  });
}

let installed = false;

/** Makes every AdamOptimizer (existing or future) use the fused kernel where it applies; idempotent. */
export function useFusedAdam(): void {
  if (installed) return;
  const tfjsApplyGradients = tf.AdamOptimizer.prototype.applyGradients;
  tf.AdamOptimizer.prototype.applyGradients = function applyGradients(
    this: tf.AdamOptimizer,
    variableGradients: Gradients,
  ) {
    const gradients = gradientsOf(variableGradients);
    if (!fusedApplies(gradients)) return tfjsApplyGradients.call(this, variableGradients);
    const adam = this as unknown as AdamState;
    const backend = tf.backend();
    tf.tidy(() => {
      gradients.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name];
        const slot = (suffix: string): Slot => ({
          originalName: `${name}/${suffix}`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        });
        adam.accumulatedFirstMoment[i] ??= slot('m');
        adam.accumulatedSecondMoment[i] ??= slot('v');
        if (gradient === undefined || gradient === null) return;
        const [m, v] = [adam.accumulatedFirstMoment[i].variable, adam.accumulatedSecondMoment[i].variable];
        // In place where no other tensor shares the three buffers (a clone of a weight does, and must keep its
        // values); that saves allocating three and the assignments, and reads less memory than writing fresh.
        const inPlace = [value, m, v].every((variable) => backend.refCount(variable.dataId) === 1);
        const updated = tf
          .engine()
          .runKernel(
            ADAM_KERNEL,
            { value, m, v, gradient, accBeta1: adam.accBeta1, accBeta2: adam.accBeta2 },
            { beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon, learningRate: adam.learningRate, inPlace },
          ) as tf.Tensor[];
        if (inPlace) return;
        const [newValue, newM, newV] = updated;
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      adam.accBeta1.assign(tf.mul(adam.accBeta1, adam.beta1));
      adam.accBeta2.assign(tf.mul(adam.accBeta2, adam.beta2));
    });
    adam.incrementIterations();
  };
  installed = true;
}
