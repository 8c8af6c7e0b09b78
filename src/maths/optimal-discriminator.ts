// The GAN value function on a 1-D grid, its maximiser D*(x) = p_data/(p_data + p_g) and the Jensen–Shannon
// divergence (Goodfellow et al. 2014, https://arxiv.org/abs/1406.2661, Prop. 1 and Thm. 1).
// The discriminator enters V through its logit a, with log D = −softplus(−a) and log(1 − D) = −softplus(a): where
// one density is 10¹⁶ times the other, D* rounds to exactly 1 and log(1 − D*) would be −∞, but the logit stays exact.
import { trapezoid } from './densities';

/** weight · logValue, with 0 wherever the weight is 0 (even if logValue is −∞): 0·log 0 = 0. */
function weightedLog(weight: number, logValue: number): number {
  return weight === 0 ? 0 : weight * logValue;
}

function softplus(a: number): number {
  // Stryker disable next-line EqualityOperator: at a = 0 both branches give log 2
  return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
}

/** D*(x) = p_data(x) / (p_data(x) + p_g(x)) pointwise; ½ where neither density has mass (any D is optimal there). */
export function optimalDiscriminator(pData: number[], pG: number[]): number[] {
  // Stryker disable next-line ArithmeticOperator: for densities ≥ 0, p − q = 0 exactly where p = q, and D* = ½ there too
  return pData.map((p, i) => (p + pG[i] === 0 ? 0.5 : p / (p + pG[i])));
}

/** The logit of D*: log p_data(x) − log p_g(x), ±∞ where one density is 0, and 0 where both are. */
export function optimalDiscriminatorLogit(pData: number[], pG: number[]): number[] {
  return pData.map((p, i) => (p === 0 && pG[i] === 0 ? 0 : Math.log(p) - Math.log(pG[i])));
}

/** V(D, G) = ∫ p_data log D + p_g log(1 − D) dx, for D = σ(logits) and densities sampled on the grid xs. */
export function valueFunction(logits: number[], pData: number[], pG: number[], xs: number[]): number {
  return trapezoid(
    xs.map((_, i) => weightedLog(pData[i], -softplus(-logits[i])) + weightedLog(pG[i], -softplus(logits[i]))),
    xs,
  );
}

/** KL(p ‖ q) = ∫ p log(p/q) dx on the grid. */
export function klDivergenceOnGrid(p: number[], q: number[], xs: number[]): number {
  return trapezoid(
    xs.map((_, i) => weightedLog(p[i], Math.log(p[i] / q[i]))),
    xs,
  );
}

/** JSD(p ‖ q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = (p + q)/2; between 0 (equal) and log 2 (disjoint supports). */
export function jensenShannon(p: number[], q: number[], xs: number[]): number {
  const m = p.map((pi, i) => 0.5 * (pi + q[i]));
  return 0.5 * klDivergenceOnGrid(p, m, xs) + 0.5 * klDivergenceOnGrid(q, m, xs);
}
