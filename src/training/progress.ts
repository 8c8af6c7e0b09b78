// Training progress for people: one line updated in place in a notebook, a progress bar (or plain lines) in a terminal.
import { newLiveOutput, progressBar, ProgressBar } from '../plots';
import { EpochRecord } from '../storage';
import { StepReport, TrainingProgress } from './loop';

const NOTEBOOK_REFRESH_MS = 500; // redrawing the cell more often costs training time and shows nothing new

/** Progress in a notebook cell: a line per finished epoch, and the current step's line, updated in place. */
export function notebookProgress(): TrainingProgress {
  const output = newLiveOutput();
  const finished: string[] = [];
  let lastDraw = 0;
  const draw = (current: string) => output.update([...finished, current].join('\n'));
  return {
    step(report) {
      const now = performance.now();
      if (now - lastDraw < NOTEBOOK_REFRESH_MS && report.stepInEpoch < report.stepsPerEpoch) return;
      lastDraw = now;
      draw(stepLine(report));
    },
    epoch(record, numEpochs) {
      finished.push(epochLine(record, numEpochs));
      draw('');
    },
    end() {},
  };
}

/** Wraps a progress display and keeps every step's losses, for per-step loss curves. */
export function recordingProgress(
  inner: TrainingProgress,
): TrainingProgress & { steps: { step: number; losses: Record<string, number> }[] } {
  const steps: { step: number; losses: Record<string, number> }[] = [];
  return {
    steps,
    step(report) {
      steps.push({ step: (report.epoch - 1) * report.stepsPerEpoch + report.stepInEpoch, losses: report.losses });
      inner.step(report);
    },
    epoch: (record, numEpochs) => inner.epoch(record, numEpochs),
    end: () => inner.end(),
  };
}

/** A PNG image in a notebook cell that each call replaces in place, e.g. the sample grid after each epoch. */
export function liveImage(): { show(png: Uint8Array, caption: string): void } {
  const output = newLiveOutput();
  return {
    show(png, caption) {
      const base64 = Buffer.from(png).toString('base64');
      output.updateHtml(`<img src="data:image/png;base64,${base64}" alt="${caption}"><div>${caption}</div>`, caption);
    },
  };
}

/** Progress in a terminal: a bar per epoch on stderr (plain lines every few seconds when not a TTY), a line per epoch on stdout. */
export function terminalProgress(): TrainingProgress {
  let bar: ProgressBar | undefined;
  return {
    step(report) {
      bar ??= progressBar(`epoch ${report.epoch}/${report.numEpochs}`, report.stepsPerEpoch, report.stepInEpoch - 1);
      bar.tick({ ...report.losses, 'steps/s': report.stepsPerSecond });
    },
    epoch(record, numEpochs) {
      bar?.stop();
      bar = undefined;
      console.log(epochLine(record, numEpochs));
    },
    end() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** "epoch 2/5 · step 340/938 · 12.3 steps/s · loss 0.0612 · 3 min 10 s left" */
export function stepLine(r: StepReport): string {
  return [
    `epoch ${r.epoch}/${r.numEpochs}`,
    `step ${r.stepInEpoch}/${r.stepsPerEpoch}`,
    `${r.stepsPerSecond.toFixed(1)} steps/s`,
    formatMetrics(r.losses),
    `${formatDuration(r.secondsLeft)} left`,
  ].join(' · ');
}

/** "epoch 2/5 done in 41 s · loss 0.0612 · testAccuracy 0.9871" */
export function epochLine(record: EpochRecord, numEpochs: number): string {
  return `epoch ${record.epoch}/${numEpochs} done in ${formatDuration(record.seconds)} · ${formatMetrics(record.metrics)}`;
}

function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name} ${Number(value.toPrecision(4))}`)
    .join(' · ');
}

/** 3725 → "1 h 2 min", 190 → "3 min 10 s", 41.3 → "41 s" */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
