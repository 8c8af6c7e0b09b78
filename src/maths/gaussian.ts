// KL divergence between diagonal Gaussians: the closed form a VAE uses, and a Monte-Carlo estimate to check it.
import { mean, normalRng, standardError } from './random';

/** N(mean, diag(variance)); both arrays have one entry per dimension. */
export interface DiagonalGaussian {
  mean: number[];
  variance: number[];
}

/** log N(z; μ, diag σ²) = −½ Σ_j [log(2π σ_j²) + (z_j − μ_j)²/σ_j²]. */
export function logDiagonalGaussianDensity(z: number[], g: DiagonalGaussian): number {
  return (
    -0.5 *
    z.reduce((sum, zj, j) => sum + Math.log(2 * Math.PI * g.variance[j]) + (zj - g.mean[j]) ** 2 / g.variance[j], 0)
  );
}

/** KL(q ‖ p) = ½ Σ_j [log(σ_p²/σ_q²) + (σ_q² + (μ_q − μ_p)²)/σ_p² − 1], exact. */
export function klDiagonalGaussians(q: DiagonalGaussian, p: DiagonalGaussian): number {
  return (
    0.5 *
    q.mean.reduce((sum, mq, j) => {
      const vq = q.variance[j];
      const vp = p.variance[j];
      return sum + Math.log(vp / vq) + (vq + (mq - p.mean[j]) ** 2) / vp - 1;
    }, 0)
  );
}

/** The standard normal N(0, I) in k dimensions: the VAE's prior p(z). */
export function standardNormal(k: number): DiagonalGaussian {
  return { mean: new Array<number>(k).fill(0), variance: new Array<number>(k).fill(1) };
}

/** KL(q ‖ p) ≈ (1/n) Σ_i [log q(z_i) − log p(z_i)] with z_i ~ q, and the standard error of that mean. */
export function monteCarloKl(
  q: DiagonalGaussian,
  p: DiagonalGaussian,
  n: number,
  seed: number,
): { estimate: number; standardError: number } {
  const normal = normalRng(seed);
  const terms = Array.from({ length: n }, () => {
    // Stryker disable next-line ArithmeticOperator: −σz has the law of σz for a standard normal z
    const z = q.mean.map((m, j) => m + Math.sqrt(q.variance[j]) * normal());
    return logDiagonalGaussianDensity(z, q) - logDiagonalGaussianDensity(z, p);
  });
  return { estimate: mean(terms), standardError: standardError(terms) };
}
