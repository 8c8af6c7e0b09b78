// The training loop shared by every model: seeded epochs, a NaN/Inf guard, and signal handling. Given a run folder, it
// also saves a checkpoint and metrics.json at the end of each epoch (and every few minutes inside one, and on Ctrl-C or
// `kill`) and resumes from the last one, also part-way through an epoch; without one it touches no disk. What differs
// between models lives in a Trainer; what is kept on disk, and how, in storage/.
import * as tf from '@tensorflow/tfjs';
import { Batch, batches, LabelledImages, PixelRange } from '../data';
import {
  describePosition,
  EpochRecord,
  openRunFolder,
  OpenRunFolder,
  recordSession,
  RunSettings,
  RunState,
  SavedModel,
  TrainingSession,
  WriteFailedError,
} from '../storage';

/** One model's training: its networks and optimisers, one step on a batch, and an evaluation after each epoch. */
export interface Trainer {
  kind: string;
  /** Settings that fix the model (e.g. latentDim); a resumed run must use the same. */
  settings: RunSettings;
  networks: Record<string, tf.LayersModel>;
  optimizers: Record<string, tf.Optimizer>;
  range: PixelRange;
  /** One optimisation step; `seed` fixes its noise. Returns the step's losses, e.g. { L_D: 0.6, L_G: 1.1 }. */
  step(batch: Batch, seed: number): Promise<Record<string, number>>;
  /** Metrics computed after each epoch, e.g. test accuracy. */
  evaluate(): Promise<Record<string, number>>;
}

export interface StepReport {
  epoch: number; // 1-based
  numEpochs: number;
  stepInEpoch: number; // 1-based
  stepsPerEpoch: number;
  stepsPerSecond: number;
  secondsLeft: number;
  losses: Record<string, number>;
}

/** Where the loop reports progress: a live line in a notebook, a bar in a terminal. */
export interface TrainingProgress {
  step(report: StepReport): void;
  epoch(record: EpochRecord, numEpochs: number): void;
  /** Training ended, finished or not: release the display (a terminal bar's timer would keep Node running). */
  end(): void;
}

export interface FitOptions {
  data: LabelledImages;
  numEpochs: number;
  batchSize: number;
  seed: number;
  /** The run folder: checkpoint.bin and metrics.json go here, under its one-writer lock. Without one, nothing is saved. */
  runDir?: string;
  /** Continue from the run folder's checkpoint. Without it, a folder that holds one is an error, never overwritten. */
  resume?: boolean;
  progress?: TrainingProgress;
  /**
   * Called at the end of each epoch, before its checkpoint is written, e.g. to save or show a grid of samples: a file it
   * writes into the run folder then belongs to a saved epoch, or is written again, identically, when a resumed run
   * redoes that epoch.
   */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /**
   * Inside an epoch, a checkpoint is also written every this many seconds (default 300), so that a killed process
   * loses at most that much training; Ctrl-C, SIGTERM and SIGHUP save where the loop stands whatever this is.
   */
  checkpointEverySeconds?: number;
  /** How the user continues this run, quoted by the errors that stop it; the CLI gives its command line with --resume. */
  resumeCommand?: string;
  /** Who trains: added to the run folder's provenance.json once the folder is this trainer's and there is training to do. */
  session?: Pick<TrainingSession, 'command' | 'commit' | 'backend'>;
}

const RESUME_IN_CODE = 'resume: true (run fit again with it; in a notebook, run the training cell again)';

/** Training stopped on a signal, after saving where it stood (when it has a run folder). */
export class TrainingInterruptedError extends Error {
  constructor(
    message: string,
    readonly signal: NodeJS.Signals,
  ) {
    super(message);
    this.name = 'TrainingInterruptedError';
  }
}

/** The signals on which `fit` saves where it stands and stops, and what sends each. */
const STOP_SIGNALS: Record<string, string> = {
  SIGINT: "Ctrl-C, or Jupyter's stop button",
  SIGTERM: '`kill`',
  SIGHUP: 'a closed terminal',
};

/** Stops training when a loss is NaN or infinite; the message names the step and the last good checkpoint. */
export class TrainingDivergedError extends Error {
  /** @param reason what went wrong and where, without the advice: 'Loss L_D is NaN at step 12 (epoch 1, step 12 of the epoch)'. */
  constructor(
    message: string,
    readonly reason = message,
  ) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

/** A file of the run could not be written (a full disk, no permission...), so training stopped. */
export class TrainingWriteError extends Error {
  constructor(
    message: string,
    readonly failure: WriteFailedError,
  ) {
    super(message);
    this.name = 'TrainingWriteError';
  }
}

/** The seed of epoch `epoch`'s data order, and of step `step`'s noise: both follow from the run's seed. */
export const epochSeed = (seed: number, epoch: number) => seed * 1_000 + epoch;
export const stepSeed = (seed: number, step: number) => seed * 10_000_000 + step;

/**
 * Trains `trainer` until `numEpochs` epochs are complete, continuing from the run folder's checkpoint when `resume`
 * is set. Returns the run's state; with the same seed, a resumed run gives the same losses as an uninterrupted one.
 */
export async function fit(trainer: Trainer, options: FitOptions): Promise<RunState> {
  const { data, numEpochs, batchSize, seed, runDir } = options;
  if (!Number.isInteger(numEpochs) || numEpochs < 1)
    throw new RangeError(`numEpochs must be a positive integer, got ${numEpochs}`);
  if (options.resume && runDir === undefined) throw new RangeError('resume needs the runDir to resume from');
  const settings = { ...trainer.settings, seed, batchSize, trainingImages: data.count };
  const savedModel: SavedModel = {
    kind: trainer.kind,
    settings,
    networks: trainer.networks,
    optimizers: trainer.optimizers,
  };
  let folder: OpenRunFolder | undefined;
  // Ctrl-C and Jupyter's stop button send SIGINT; `kill` and a stopping container send SIGTERM, a closed terminal
  // SIGHUP. On any of them the loop stops between two steps and saves where it stands (tslab, on SIGINT, would only
  // abandon the cell and leave the loop running). After SIGTERM or SIGHUP the process then ends as it was asked to.
  let stopSignal: NodeJS.Signals | undefined;
  const onStopSignal = (signal: NodeJS.Signals) => {
    stopSignal = signal;
  };
  try {
    folder = runDir === undefined ? undefined : openRunFolder(runDir);
    let state: RunState = { kind: trainer.kind, settings, epoch: 0, step: 0, history: [] };
    if (folder?.holdsCheckpoint()) {
      if (!options.resume) {
        throw new Error(
          `${runDir} already holds a ${trainer.kind} run (${folder.checkpoint}). Resume it, or choose another ` +
            'run folder; nothing was overwritten.',
        );
      }
      state = await folder.resume(savedModel);
    }
    if (runDir !== undefined && options.session && state.epoch < numEpochs) {
      recordSession(runDir, { ...options.session, startedAt: new Date().toISOString(), fromStep: state.step });
    }
    // The listeners are added after one turn of the event loop: added while tslab's vm still runs the cell's
    // synchronous part (node:vm swaps SIGINT listeners then), they leave the kernel hung on the next interrupt.
    await new Promise((resolve) => setImmediate(resolve));
    for (const signal of Object.keys(STOP_SIGNALS)) process.on(signal, onStopSignal);
    return await loop(trainer, options, state, folder && { folder, model: savedModel }, () => stopSignal);
  } catch (error) {
    throw error instanceof WriteFailedError
      ? writeStopped(error, folder, options.resumeCommand ?? RESUME_IN_CODE)
      : error;
  } finally {
    for (const signal of Object.keys(STOP_SIGNALS)) process.off(signal, onStopSignal);
    options.progress?.end();
    folder?.close();
    // Ended by the signal, after the caller's handlers of the rejection have run (the CLI prints where it stopped).
    const signal = stopSignal;
    if (signal === 'SIGTERM' || signal === 'SIGHUP') setImmediate(() => process.kill(process.pid, signal));
  }
}

async function loop(
  trainer: Trainer,
  options: FitOptions,
  initial: RunState,
  saving: { folder: OpenRunFolder; model: SavedModel } | undefined,
  stopSignal: () => NodeJS.Signals | undefined,
): Promise<RunState> {
  const folder = saving?.folder;
  const { data, numEpochs, batchSize, seed, progress, onEpoch, checkpointEverySeconds = 300 } = options;
  const resumeCommand = options.resumeCommand ?? RESUME_IN_CODE;
  let state = initial;
  let lastSave = performance.now();
  const save = async (at: RunState) => {
    await saving?.folder.save(saving.model, at);
    lastSave = performance.now();
  };
  const stepsPerEpoch = Math.ceil(data.count / batchSize);
  const started = performance.now();
  let stepsThisSession = 0;
  for (let epoch = state.epoch + 1; epoch <= numEpochs; epoch++) {
    // Only the first epoch after resuming from a mid-epoch checkpoint starts part-way.
    const { epochInProgress: resumed, ...finished } = state;
    const epochStart = performance.now() - 1000 * (resumed?.seconds ?? 0);
    const sums: Record<string, number> = { ...resumed?.lossSums };
    let stepInEpoch = resumed?.steps ?? 0;
    const inProgress = (): RunState => ({
      ...finished,
      step: state.step,
      epochInProgress: { steps: stepInEpoch, seconds: (performance.now() - epochStart) / 1000, lossSums: { ...sums } },
    });
    for (const batch of batches(data, {
      batchSize,
      seed: epochSeed(seed, epoch),
      range: trainer.range,
      skip: stepInEpoch,
    })) {
      const signal = stopSignal();
      if (signal) {
        tf.dispose([batch.images, batch.labels]);
        if (folder && state.step > (folder.onDisk?.step ?? 0)) await save(inProgress());
        throw interrupted(signal, state.step, epoch, folder, resumeCommand);
      }
      let losses: Record<string, number>;
      try {
        losses = await trainer.step(batch, stepSeed(seed, state.step + 1));
      } finally {
        tf.dispose([batch.images, batch.labels]);
      }
      stepInEpoch++;
      checkFinite(losses, epoch, stepInEpoch, state, folder, initial);
      state = { ...state, step: state.step + 1 };
      stepsThisSession++;
      for (const [name, value] of Object.entries(losses)) sums[name] = (sums[name] ?? 0) + value;
      if (folder && performance.now() - lastSave >= 1000 * checkpointEverySeconds && stepInEpoch < stepsPerEpoch) {
        await save(inProgress());
      }
      const stepsPerSecond = stepsThisSession / ((performance.now() - started) / 1000);
      const stepsLeft = (numEpochs - epoch + 1) * stepsPerEpoch - stepInEpoch;
      progress?.step({
        epoch,
        numEpochs,
        stepInEpoch,
        stepsPerEpoch,
        stepsPerSecond,
        secondsLeft: stepsLeft / stepsPerSecond,
        losses,
      });
      // On cpu and wasm every await above resolves at once, so without this the loop would never let Node run timers
      // (the progress bar), signal handlers (Ctrl-C) or the kernel's messages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const trainMeans = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / stepInEpoch]));
    const metrics = { ...trainMeans, ...(await trainer.evaluate()) };
    const record: EpochRecord = { epoch, steps: state.step, seconds: (performance.now() - epochStart) / 1000, metrics };
    state = { ...finished, step: state.step, epoch, history: [...state.history, record] };
    await onEpoch?.(record);
    await save(state);
    progress?.epoch(record, numEpochs);
  }
  return state;
}

function interrupted(
  signal: NodeJS.Signals,
  step: number,
  epoch: number,
  folder: OpenRunFolder | undefined,
  resumeCommand: string,
): TrainingInterruptedError {
  const onDisk = folder?.onDisk;
  const kept = !folder
    ? 'Nothing was saved: this run has no run folder.'
    : onDisk
      ? `The checkpoint ${folder.checkpoint} holds the run up to there (${describePosition(onDisk)}). Continue with ${resumeCommand}.`
      : 'No step had run yet.';
  return new TrainingInterruptedError(
    `Training interrupted by ${signal} (${STOP_SIGNALS[signal]}) after step ${step} (in epoch ${epoch}). ${kept}`,
    signal,
  );
}

function checkFinite(
  losses: Record<string, number>,
  epoch: number,
  stepInEpoch: number,
  state: RunState,
  folder: OpenRunFolder | undefined,
  resumedFrom: RunState,
): void {
  const bad = Object.entries(losses).find(([, value]) => !Number.isFinite(value));
  if (!bad) return;
  const step = state.step + 1;
  const reason = `Loss ${bad[0]} is ${bad[1]} at step ${step} (epoch ${epoch}, step ${stepInEpoch} of the epoch)`;
  const onDisk = folder?.onDisk;
  const tryOther = 'Try a lower learning rate or another seed.';
  let advice: string;
  if (!folder) {
    advice = tryOther;
  } else if (!onDisk) {
    advice = `No checkpoint was written yet. ${tryOther}`;
  } else if (resumedFrom.step > 0 && onDisk.step === resumedFrom.step) {
    // Nothing was saved since the resume: what was loaded is as likely a cause as the settings.
    advice =
      `This is ${step - onDisk.step} step${step - onDisk.step === 1 ? '' : 's'} after resuming from ` +
      `${folder.checkpoint} (${describePosition(onDisk)}), which was not touched, so that checkpoint may itself be the ` +
      'cause (saved when the run was already going wrong, or, written by an older genlab without checksums, damaged ' +
      `since). To tell, train the same settings from the start in a new folder: if that run passes step ${step}, the ` +
      `checkpoint was at fault. Otherwise: ${tryOther.toLowerCase()}`;
  } else {
    advice = `The last good checkpoint is ${folder.checkpoint} (${describePosition(onDisk)}); it was not touched. ${tryOther}`;
  }
  throw new TrainingDivergedError(`${reason}, so training stopped. ${advice}`, reason);
}

function writeStopped(
  error: WriteFailedError,
  folder: OpenRunFolder | undefined,
  resumeCommand: string,
): TrainingWriteError {
  const onDisk = folder?.onDisk;
  const removed = error.replaced ? '' : ' (the half-written file was removed)';
  const kept = !folder
    ? ''
    : onDisk
      ? ` The checkpoint ${folder.checkpoint} is intact and holds the run up to ${describePosition(onDisk)}${removed}. ` +
        `${error.remedy}, then continue with ${resumeCommand}.`
      : ` No checkpoint of this run was written yet${removed}. ${error.remedy}, then start the run again.`;
  return new TrainingWriteError(`Training stopped. ${error.message}${kept}`, error);
}
