// Two unbiased estimators of d/dμ E_{z ~ N(μ, σ²)}[f(z)] (H16):
//   pathwise (reparameterised): z = μ + σ ε, so the derivative is E_ε[f'(μ + σ ε)], found by autodiff;
//   score function (REINFORCE): d/dμ log N(z; μ, σ²) = (z − μ)/σ², so the derivative is E_z[f(z) (z − μ)/σ²].
// Both return `estimates` independent estimates, each averaging `samplesPerEstimate` draws; the same seed gives
// both estimators the same draws, so any difference in their spread comes from the estimator alone.
import * as tf from '@tensorflow/tfjs';
import { reparameterise } from '../losses';

export interface EstimatorSetup {
  f: (z: tf.Tensor) => tf.Tensor; // elementwise and differentiable
  mu: number;
  sigma: number;
  samplesPerEstimate: number;
  estimates: number;
  seed: number;
}

/** z = μ + σ ε, one row of draws per estimate; the fixed seed makes ε the same on every call. */
function draws(setup: EstimatorSetup, muTensor: tf.Tensor2D): tf.Tensor2D {
  const logVar = tf.fill(muTensor.shape, 2 * Math.log(setup.sigma)) as tf.Tensor2D;
  return reparameterise(muTensor, logVar, setup.seed);
}

/** Pathwise estimates: autodiff through z = μ + σ ε. One number per estimate. */
export function pathwiseGradients(setup: EstimatorSetup): number[] {
  return tf.tidy(() => {
    const muTensor = tf.fill([setup.estimates, setup.samplesPerEstimate], setup.mu) as tf.Tensor2D;
    // μ is copied into every cell, so summing the cell gradients along a row gives d/dμ of that row's mean.
    const gradient = tf.grad((m: tf.Tensor) =>
      setup
        .f(draws(setup, m as tf.Tensor2D))
        .mean(1)
        .sum(),
    )(muTensor);
    return Array.from(gradient.sum(1).dataSync());
  });
}

/** Score-function estimates: f(z) (z − μ)/σ², averaged per estimate; f is never differentiated. */
export function scoreFunctionGradients(setup: EstimatorSetup): number[] {
  return tf.tidy(() => {
    const muTensor = tf.fill([setup.estimates, setup.samplesPerEstimate], setup.mu) as tf.Tensor2D;
    const z = draws(setup, muTensor);
    const score = z.sub(setup.mu).div(setup.sigma ** 2);
    return Array.from(setup.f(z).mul(score).mean(1).dataSync());
  });
}
