// How the bench times steps, shared by its runs (bench/measure.ts), its profile and its summary (bench/index.ts).
import type { BenchModel } from './models';

/** At least this much of untimed steps first, so that steps are timed in the steady state a learner's thousands of
 *  steps run in (tfjs's JavaScript optimised by V8); bench/reference.py warms PyTorch up the same way. */
export const WARM_UP = { steps: 3, ms: 1000 };

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs training steps until there have been at least `steps` and `ms` have passed; returns each step's ms. */
export async function timeSteps(model: BenchModel, least: { steps: number; ms: number }): Promise<number[]> {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < least.steps || performance.now() - start < least.ms) {
    const stepStart = performance.now();
    await model.step(); // reads its losses back, so the step has finished when it returns
    times.push(performance.now() - stepStart);
  }
  return times;
}
