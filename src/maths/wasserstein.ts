// The Wasserstein-1 (earth mover's) distance between two 1-D densities, exactly as far as the grid allows: in one
// dimension W₁(p, q) = ∫ |F_p(x) − F_q(x)| dx, the area between the two CDFs, which equals ∫₀¹ |F_p⁻¹(u) − F_q⁻¹(u)| du
// (Villani 2009, Optimal Transport, Remark 2.19; Arjovsky et al. 2017, https://arxiv.org/abs/1701.07875).
import { normalDensity, trapezoid } from './densities';
import { jensenShannon } from './optimal-discriminator';

/** F(x_i) = ∫_{x_0}^{x_i} p dx by the trapezoidal rule: the CDF of a density sampled on the grid xs. */
export function cdfOnGrid(p: number[], xs: number[]): number[] {
  const cdf = [0];
  for (let i = 1; i < xs.length; i++) cdf.push(cdf[i - 1] + 0.5 * (p[i] + p[i - 1]) * (xs[i] - xs[i - 1]));
  return cdf;
}

/** W₁(p, q) = ∫ |F_p − F_q| dx for densities sampled on the grid xs (which must hold nearly all of both masses). */
export function wasserstein1(p: number[], q: number[], xs: number[]): number {
  if (p.length !== xs.length || q.length !== xs.length) {
    throw new RangeError(
      `wasserstein1 needs one density value per grid point: got ${p.length} and ${q.length} for ${xs.length} points.`,
    );
  }
  const [fp, fq] = [cdfOnGrid(p, xs), cdfOnGrid(q, xs)];
  return trapezoid(
    fp.map((f, i) => Math.abs(f - fq[i])),
    xs,
  );
}

export interface SeparationPoint {
  separation: number;
  jsd: number;
  w1: number;
}

/**
 * JSD and W₁ between N(0, σ²) and N(θ, σ²) for each separation θ, on a grid wide enough for both: the JSD flattens at
 * log 2 once the two barely overlap, so its slope in θ (what a generator would follow) vanishes, while W₁ = |θ| keeps
 * slope 1.
 */
export function separationSweep(separations: number[], std: number, pointsPerUnit = 100): SeparationPoint[] {
  const reach = Math.max(...separations.map(Math.abs)) + 12 * std;
  // Stryker disable next-line ArithmeticOperator: a grid one point shorter ends 12σ past both means, where the densities are below 1e-31
  const xs = Array.from({ length: Math.round(2 * reach * pointsPerUnit) + 1 }, (_, i) => -reach + i / pointsPerUnit);
  const density = (mean: number) => xs.map(normalDensity(mean, std));
  const base = density(0);
  return separations.map((separation) => {
    const moved = density(separation);
    return { separation, jsd: jensenShannon(base, moved, xs), w1: wasserstein1(base, moved, xs) };
  });
}
