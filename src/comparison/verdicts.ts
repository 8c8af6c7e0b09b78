// The rules that turn numbers into a verdict on a claim: a difference beyond the spreads across seeds, a ratio of
// spreads, a trajectory that improves step by step, and several readings combined.
import { formatNumber } from '../plots';
import { BETTER, MetricName, metricAt } from './metric-readings';
import { RunResult } from './results';
import { finalSpread, Spread, spread } from './spread';
import { oscillation } from './stability';

export type Verdict = 'holds' | 'does not hold' | 'not settled at this budget' | 'not measured here';

export interface Settlement {
  verdict: Verdict;
  /** claimed.mean − other.mean. */
  difference: number;
  /** claimed.sd + other.sd: the difference must exceed this to count. */
  margin: number;
  /** One line saying why, with the numbers. */
  basis: string;
}

/**
 * Settles "`claimed` is better than `other` on a metric" (better = BETTER's direction, or the one given). The
 * difference of the means counts only when it exceeds the sum of the two across-seed standard deviations (the
 * mean ± 1 sd intervals do not overlap); otherwise, or when a side has no spread, the claim is not settled.
 * `fallbackSd` stands in for a missing spread (e.g. single runs per setting, with the seeds' spread measured elsewhere).
 */
export function settle(claimed: Spread, other: Spread, better: 'higher' | 'lower', fallbackSd?: number): Settlement {
  const sdOf = (s: Spread) => (Number.isFinite(s.sd) ? s.sd : (fallbackSd ?? NaN));
  const difference = claimed.mean - other.mean;
  const margin = sdOf(claimed) + sdOf(other);
  const f = (v: number) => formatNumber(v);
  if (!Number.isFinite(difference)) {
    return { verdict: 'not measured here', difference, margin, basis: 'a side has no runs' };
  }
  if (!Number.isFinite(margin)) {
    return {
      verdict: 'not settled at this budget',
      difference,
      margin,
      basis: `difference ${f(difference)}, no spread measured`,
    };
  }
  if (Math.abs(difference) <= margin) {
    return {
      verdict: 'not settled at this budget',
      difference,
      margin,
      basis: `|difference| ${f(Math.abs(difference))} ≤ spread ${f(margin)}`,
    };
  }
  const inFavour = better === 'higher' ? difference > 0 : difference < 0;
  return {
    verdict: inFavour ? 'holds' : 'does not hold',
    difference,
    margin,
    basis: `difference ${f(difference)} beyond spread ${f(margin)}`,
  };
}

/**
 * One verdict from several measurements of the same claim: it holds when at least one holds and none contradicts,
 * does not hold when at least one contradicts and none holds; mixed or unsettled evidence leaves it not settled.
 */
export function combineVerdicts(verdicts: Verdict[]): Verdict {
  const measured = verdicts.filter((v) => v !== 'not measured here');
  if (measured.length === 0) return 'not measured here';
  const holds = measured.includes('holds');
  const fails = measured.includes('does not hold');
  if (holds && !fails) return 'holds';
  if (fails && !holds) return 'does not hold';
  return 'not settled at this budget';
}

/**
 * Spreads are themselves uncertain (from 3 seeds a sample sd is off by up to a factor of about 2), so "varies more"
 * is settled only when one spread is at least twice the other.
 */
export const SPREAD_RATIO = 2;

/** Settles "`claimed` varies more than `other`" from two standard deviations. */
export function settleSpreads(claimedSd: number, otherSd: number): Settlement {
  const ratio = claimedSd / otherSd;
  const basis = `sd ratio ${formatNumber(ratio)} (settled at ≥ ${SPREAD_RATIO} or ≤ 1/${SPREAD_RATIO})`;
  const base = { difference: claimedSd - otherSd, margin: NaN };
  if (!Number.isFinite(claimedSd) || !Number.isFinite(otherSd) || (claimedSd === 0 && otherSd === 0)) {
    return { ...base, verdict: 'not settled at this budget', basis: 'no spread to compare' };
  }
  if (ratio >= SPREAD_RATIO) return { ...base, verdict: 'holds', basis };
  if (ratio <= 1 / SPREAD_RATIO) return { ...base, verdict: 'does not hold', basis };
  return { ...base, verdict: 'not settled at this budget', basis };
}

/**
 * "Gets better step by step" for one score over the epochs of `runs`: it holds when the final epoch beats the first
 * beyond the two spreads and at most NEARLY_MONOTONE of the epoch-to-epoch changes (pooled over the runs) make the score
 * worse; it does not hold when the final epoch is worse than the first beyond the spreads, or when at least half of the
 * changes make it worse (a coin would do as well); otherwise it is not settled.
 */
export function settleTrajectory(runs: RunResult[], metric: MetricName): Settlement & { worseningShare: number } {
  const first = spread(runs.map((r) => metricAt(r.epochs[0], metric)));
  const overall = settle(finalSpread(runs, metric), first, BETTER[metric]);
  const changes = runs.map((r) => oscillation(r, metric));
  const total = changes.reduce((sum, o) => sum + o.changes, 0);
  const worseningShare = total ? changes.reduce((sum, o) => sum + o.worseningShare * o.changes, 0) / total : NaN;
  const shareText = `worse after ${formatNumber(worseningShare)} of ${total} epoch-to-epoch changes`;
  const verdict: Verdict =
    total === 0
      ? 'not measured here'
      : overall.verdict === 'does not hold' || worseningShare >= 0.5
        ? 'does not hold'
        : overall.verdict === 'holds' && worseningShare <= NEARLY_MONOTONE
          ? 'holds'
          : 'not settled at this budget';
  return { ...overall, verdict, worseningShare, basis: `first to final epoch: ${overall.basis}; ${shareText}` };
}

/** A score may get worse after at most this share of epochs for its trajectory to count as "nearly monotone". */
export const NEARLY_MONOTONE = 0.2;
