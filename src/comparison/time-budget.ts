// Readings at equal wall-clock time: each model read at the epoch it had reached when the faster one finished.
import { finalEpoch, MetricName, metricAt } from './metric-readings';
import { EpochResult, RunResult } from './results';
import { Spread, spread } from './spread';

/** Training seconds of the whole run (evaluation excluded). */
export function totalTrainSeconds(run: RunResult): number {
  return finalEpoch(run).trainSeconds;
}

/**
 * The time every run of the faster group needed to finish: for each group the slowest run's training time, then the
 * smallest of those. The faster model is read at its last epoch; the slower one at the epoch it had reached by then.
 */
export function sharedTimeBudget(groups: RunResult[][]): number {
  return Math.min(...groups.map((runs) => Math.max(...runs.map(totalTrainSeconds))));
}

/** The run's last epoch finished within `budgetSeconds` of training, or undefined if even the first took longer. */
export function epochWithinBudget(run: RunResult, budgetSeconds: number): EpochResult | undefined {
  return [...run.epochs].reverse().find((e) => e.trainSeconds <= budgetSeconds);
}

export interface BudgetReading extends Spread {
  /** The epoch each run had reached within the budget (runs that reached none are left out of the spread). */
  epochs: (number | undefined)[];
}

export function spreadWithinBudget(runs: RunResult[], budgetSeconds: number, metric: MetricName): BudgetReading {
  const reached = runs.map((r) => epochWithinBudget(r, budgetSeconds));
  return {
    ...spread(reached.flatMap((e) => (e ? [metricAt(e, metric)] : []))),
    epochs: reached.map((e) => e?.epoch),
  };
}
