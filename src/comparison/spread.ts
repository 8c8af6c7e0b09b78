// The spread of a score across seeds (mean and sample standard deviation) and how it is written.
import { mean, variance } from '../maths';
import { formatNumber } from '../plots';
import { finalEpoch, MetricName, metricAt } from './metric-readings';
import { RunResult } from './results';

/** Mean and sample standard deviation (n − 1 in the denominator; NaN with fewer than two values). */
export interface Spread {
  mean: number;
  sd: number;
  n: number;
}

export function spread(values: number[]): Spread {
  const n = values.length;
  if (n === 0) return { mean: NaN, sd: NaN, n: 0 };
  return { mean: mean(values), sd: n < 2 ? NaN : Math.sqrt(variance(values)), n };
}

/** The spread across runs (seeds) of a metric at each run's final epoch. */
export function finalSpread(runs: RunResult[], metric: MetricName): Spread {
  return spread(runs.map((r) => metricAt(finalEpoch(r), metric)));
}

/** "0.612 ± 0.031" (mean ± sample sd), or "0.612 (1 run)" when there is no spread. */
export function formatSpread(s: Spread, digits = 3): string {
  if (s.n === 0) return '—';
  const f = (v: number) => formatNumber(v, digits);
  return s.n < 2 ? `${f(s.mean)} (1 run)` : `${f(s.mean)} ± ${f(s.sd)}`;
}
