// The CLI's progress bar: a redrawn bar in a terminal, plain periodic lines in a log (CI, a pipe).
import { SingleBar } from 'cli-progress';
import { formatNumber } from './format';

export interface ProgressBar {
  /** Advances by one step; `metrics` (e.g. { loss: 0.41 }) are shown after the bar until new ones come. */
  tick(metrics?: Record<string, number>): void;
  /** Draws the final state and ends the line. */
  stop(): void;
}

/**
 * Starts a progress bar of `total` steps on stderr, so stdout stays free for results, at `done` steps (e.g. an epoch
 * resumed part-way).
 */
export function progressBar(label: string, total: number, done = 0): ProgressBar {
  if (!Number.isInteger(total) || total < 1)
    throw new Error(`A progress bar needs a positive whole total, got ${total}.`);
  if (!Number.isInteger(done) || done < 0 || done > total)
    throw new Error(`A progress bar starts at 0..${total} steps done, got ${done}.`);
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {metrics}`,
    barsize: 30,
    hideCursor: true,
    noTTYOutput: true, // without a terminal, print a plain line...
    notTTYSchedule: 5000, // ...every 5 s instead of redrawing
  });
  bar.start(total, done, { metrics: '' });
  return {
    tick: (metrics) => bar.increment(1, metrics ? { metrics: formatMetrics(metrics) } : {}),
    stop: () => bar.stop(),
  };
}

function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name}=${formatNumber(value, 4)}`)
    .join(' ');
}
