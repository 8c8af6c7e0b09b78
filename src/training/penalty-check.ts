// Does this backend differentiate the gradient penalty, a gradient of a gradient, correctly? The penalty's gradient with
// respect to every weight of a small LeakyReLU critic, from tfjs's nested tf.grad, against central finite differences.
import * as tf from '@tensorflow/tfjs';
import { gradientPenalty } from '../losses';
import { tfSeed } from '../maths';
import { withSeed } from './seeded';

export interface PenaltyGradientCheck {
  /** Weights of the critic compared: every one that the penalty depends on. */
  weights: number;
  /** Largest |analytic − finite difference| over the weights. */
  largestError: number;
  /** Largest |analytic| over the weights: the scale the error is read against. */
  largestGradient: number;
}

/**
 * Critic 6 → 8 → 8 → 1 (LeakyReLU 0.2) on 5 images of 6 pixels, λ = 10; central differences with step `h` in float32.
 * ∇ₓD of a piecewise-linear critic is constant between the kinks, so the penalty jumps where a weight change flips the
 * sign of a unit's input at an interpolate: `h` must be too small to cross one (1e-2 crossed some, with errors of 18).
 */
export function checkPenaltyGradient(seed = 1, h = 1e-3): PenaltyGradientCheck {
  const [realSeed, fakeSeed] = [seed + 1, seed + 2].map(tfSeed); // refused before the critic is built
  const critic = withSeed(seed, () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [6], units: 8 }),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.dense({ units: 8 }),
        tf.layers.leakyReLU({ alpha: 0.2 }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  );
  const [real, fake] = [realSeed, fakeSeed].map((s) => tf.randomNormal([5, 6], 0, 1, 'float32', s));
  // The same interpolation points ε at every evaluation, so the differences see a fixed function of the weights.
  const penalty = () => withSeed(seed + 3, () => gradientPenalty((x) => critic.apply(x) as tf.Tensor, real, fake, 10));
  try {
    const variables = critic.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(penalty, variables);
    value.dispose();
    let [weights, largestError, largestGradient] = [0, 0, 0];
    for (const v of variables) {
      // The last bias shifts every score alike and leaves ∇ₓD unchanged: tfjs gives it no gradient at all.
      const analytic = grads[v.name] ? grads[v.name].dataSync() : new Float32Array(v.size);
      const original = v.dataSync().slice();
      for (let i = 0; i < original.length; i++) {
        const at = (delta: number) => {
          const moved = original.slice();
          moved[i] += delta;
          return tf.tidy(() => {
            v.assign(tf.tensor(moved, v.shape));
            return penalty().dataSync()[0];
          });
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        tf.tidy(() => v.assign(tf.tensor(original, v.shape)));
        largestError = Math.max(largestError, Math.abs(analytic[i] - numeric));
        largestGradient = Math.max(largestGradient, Math.abs(analytic[i]));
        weights++;
      }
    }
    tf.dispose(Object.values(grads));
    return { weights, largestError, largestGradient };
  } finally {
    tf.dispose([real, fake]);
    critic.dispose();
  }
}
