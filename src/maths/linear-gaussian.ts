// A latent-variable model where everything is exact: z ~ N(0, 1), x | z ~ N(w z + b, s² I) with x in R^d.
// Marginally x ~ N(b, w wᵀ + s² I), and the posterior p(z | x) is Gaussian, so log p(x), the ELBO of any
// Gaussian q(z) and the gap KL(q ‖ p(z | x)) all have closed forms.
import { normalRng } from './random';

export interface LinearGaussianModel {
  w: number[]; // decoder weights, one per data dimension
  b: number[]; // decoder bias
  noiseVariance: number; // s²
}

/** A Gaussian over the scalar latent z. */
export interface ScalarGaussian {
  mean: number;
  variance: number;
}

const dot = (a: number[], c: number[]) => a.reduce((sum, ai, i) => sum + ai * c[i], 0);
const residual = (model: LinearGaussianModel, x: number[]) => x.map((xi, i) => xi - model.b[i]);

/** log p(x) = log N(x; b, w wᵀ + s² I), using det and inverse of a rank-one update of s² I. */
export function logEvidence(model: LinearGaussianModel, x: number[]): number {
  const s2 = model.noiseVariance;
  const r = residual(model, x);
  const c = s2 + dot(model.w, model.w); // the one eigenvalue of the covariance that is not s²
  const logDet = (x.length - 1) * Math.log(s2) + Math.log(c);
  const quadratic = (dot(r, r) - dot(model.w, r) ** 2 / c) / s2;
  return -0.5 * (x.length * Math.log(2 * Math.PI) + logDet + quadratic);
}

/** p(z | x) = N(wᵀ(x − b) / (s² + ‖w‖²), s² / (s² + ‖w‖²)). */
export function truePosterior(model: LinearGaussianModel, x: number[]): ScalarGaussian {
  const c = model.noiseVariance + dot(model.w, model.w);
  return { mean: dot(model.w, residual(model, x)) / c, variance: model.noiseVariance / c };
}

/** log p(x | z) + log p(z): the joint density the ELBO averages over q. */
export function logJoint(model: LinearGaussianModel, x: number[], z: number): number {
  const s2 = model.noiseVariance;
  const r = residual(model, x).map((ri, i) => ri - model.w[i] * z);
  return -0.5 * (x.length * Math.log(2 * Math.PI * s2) + dot(r, r) / s2) - 0.5 * (Math.log(2 * Math.PI) + z * z);
}

/** ELBO(q) = E_q[log p(x | z)] − KL(q ‖ N(0, 1)), exact for Gaussian q = N(m, v). */
export function elbo(model: LinearGaussianModel, x: number[], q: ScalarGaussian): number {
  const s2 = model.noiseVariance;
  const r = residual(model, x).map((ri, i) => ri - model.w[i] * q.mean);
  // E_q ‖x − b − w z‖² = ‖x − b − w m‖² + v ‖w‖²
  const expectedSquaredError = dot(r, r) + q.variance * dot(model.w, model.w);
  const expectedLogLikelihood = -0.5 * (x.length * Math.log(2 * Math.PI * s2) + expectedSquaredError / s2);
  const klToPrior = 0.5 * (q.variance + q.mean ** 2 - 1 - Math.log(q.variance));
  return expectedLogLikelihood - klToPrior;
}

/** log w_i = log p(x, z_i) − log q(z_i), z_i ~ q. Their mean estimates the ELBO, their log-mean-exp log p(x). */
export function logImportanceWeights(
  model: LinearGaussianModel,
  x: number[],
  q: ScalarGaussian,
  n: number,
  seed: number,
): number[] {
  const normal = normalRng(seed);
  return Array.from({ length: n }, () => {
    const eps = normal();
    const z = q.mean + Math.sqrt(q.variance) * eps;
    const logQ = -0.5 * (Math.log(2 * Math.PI * q.variance) + eps * eps);
    return logJoint(model, x, z) - logQ;
  });
}

/** log((1/n) Σ exp(a_i)), computed without overflow. */
export function logMeanExp(values: number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((sum, v) => sum + Math.exp(v - max), 0) / values.length);
}
