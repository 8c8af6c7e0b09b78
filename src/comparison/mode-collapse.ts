// Mode collapse: a run whose samples fall mostly into one class, read from the evaluator's class shares.
import { RunResult } from './results';

/** A sample set counts as collapsed when one class holds more than 40 % of it or the class entropy is below 1.5 nats. */
export const MODE_COLLAPSE = { largestShare: 0.4, entropy: 1.5 };

export interface ClassBalance {
  epoch: number;
  largestClass: number;
  largestShare: number;
  entropy: number;
  classesCovered: number;
  collapsed: boolean;
}

export function classBalance(run: RunResult): ClassBalance[] {
  return run.epochs.map((e) => {
    const shares = e.scores.classShares;
    const largestShare = Math.max(...shares);
    return {
      epoch: e.epoch,
      largestClass: shares.indexOf(largestShare),
      largestShare,
      entropy: e.scores.classEntropy,
      classesCovered: e.scores.classesCovered,
      collapsed: largestShare > MODE_COLLAPSE.largestShare || e.scores.classEntropy < MODE_COLLAPSE.entropy,
    };
  });
}

/**
 * Whether the run is collapsed in the second half of its epochs (the last epoch of a one-epoch run): a collapse that
 * lasts, not the first epoch of a generator that has not learnt to draw anything yet.
 */
export function collapsesLate(run: RunResult): boolean {
  const balance = classBalance(run);
  return balance.slice(Math.floor(balance.length / 2)).some((b) => b.collapsed);
}
