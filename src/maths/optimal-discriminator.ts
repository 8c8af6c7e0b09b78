// The GAN value function on a 1-D grid, its maximiser D*(x) = p_data/(p_data + p_g) and the Jensen–Shannon
// divergence (Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661, Prop. 1 and Thm. 1).
import { trapezoid } from './densities';

/** a·log b with the convention 0·log 0 = 0: points outside a density's support contribute nothing. */
function xLogY(a: number, b: number): number {
  return a === 0 ? 0 : a * Math.log(b);
}

/** D*(x) = p_data(x) / (p_data(x) + p_g(x)) pointwise; ½ where neither density has mass (any D is optimal there). */
export function optimalDiscriminator(pData: number[], pG: number[]): number[] {
  return pData.map((p, i) => (p + pG[i] === 0 ? 0.5 : p / (p + pG[i])));
}

/** V(D, G) = ∫ p_data log D + p_g log(1 − D) dx, with D, p_data and p_g sampled on the grid xs. */
export function valueFunction(d: number[], pData: number[], pG: number[], xs: number[]): number {
  return trapezoid(xs.map((_, i) => xLogY(pData[i], d[i]) + xLogY(pG[i], 1 - d[i])), xs);
}

/** KL(p ‖ q) = ∫ p log(p/q) dx on the grid. */
export function klDivergenceOnGrid(p: number[], q: number[], xs: number[]): number {
  return trapezoid(xs.map((_, i) => xLogY(p[i], p[i] / q[i])), xs);
}

/** JSD(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = (p + q)/2; between 0 (equal) and log 2 (disjoint supports). */
export function jensenShannon(p: number[], q: number[], xs: number[]): number {
  const m = p.map((pi, i) => 0.5 * (pi + q[i]));
  return 0.5 * klDivergenceOnGrid(p, m, xs) + 0.5 * klDivergenceOnGrid(q, m, xs);
}
