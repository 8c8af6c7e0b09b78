// The training loop shared by every model: seeded epochs, a NaN/Inf guard, a checkpoint and metrics.json at the end of
// each epoch (and every few minutes inside one, and on Ctrl-C or `kill`), and resume from the last checkpoint, also
// part-way through an epoch. What differs between models lives in a Trainer.
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { Batch, batches, LabelledImages, PixelRange } from '../data';
import { Checkpoint, disposeCheckpoint, NamedTensor, EpochRecord, readCheckpoint, RunState, writeAtomically, writeCheckpoint } from './checkpoint';

/** One model's training: its networks and optimisers, one step on a batch, and an evaluation after each epoch. */
export interface Trainer {
  kind: string;
  /** Settings that fix the model (e.g. latentDim); a resumed run must use the same. */
  settings: Record<string, number>;
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
  /** The run folder: checkpoint.bin and metrics.json go here. */
  runDir: string;
  /** Continue from the run folder's checkpoint. Without it, a folder that holds one is an error, never overwritten. */
  resume: boolean;
  progress?: TrainingProgress;
  /** Called after each epoch's checkpoint is written, e.g. to save or show a grid of samples. */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /**
   * Inside an epoch, a checkpoint is also written every this many seconds (default 300), so that a killed process
   * loses at most that much training; Ctrl-C, SIGTERM and SIGHUP save where the loop stands whatever this is.
   */
  checkpointEverySeconds?: number;
}

/** Training stopped on SIGINT (Ctrl-C in a terminal, the stop button in Jupyter), after saving where it stood. */
export class TrainingInterruptedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingInterruptedError';
  }
}

/** The signals on which `fit` saves where it stands and stops. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Stops training when a loss is NaN or infinite; the message names the step and the last good checkpoint. */
export class TrainingDivergedError extends Error {
  /** @param reason what went wrong and where, without the advice: 'Loss L_D is NaN at step 12 (epoch 1, step 12 of the epoch)'. */
  constructor(message: string, readonly reason = message) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

export const checkpointFile = (runDir: string) => path.join(runDir, 'checkpoint.bin');
export const metricsFile = (runDir: string) => path.join(runDir, 'metrics.json');

/** The seed of epoch `epoch`'s data order, and of step `step`'s noise: both follow from the run's seed. */
export const epochSeed = (seed: number, epoch: number) => seed * 1_000 + epoch;
export const stepSeed = (seed: number, step: number) => seed * 10_000_000 + step;

/**
 * Trains `trainer` until `numEpochs` epochs are complete, continuing from the run folder's checkpoint when `resume`
 * is set. Returns the run's state; with the same seed, a resumed run gives the same losses as an uninterrupted one.
 */
export async function fit(trainer: Trainer, options: FitOptions): Promise<RunState> {
  const { data, numEpochs, batchSize, seed, runDir } = options;
  if (!Number.isInteger(numEpochs) || numEpochs < 1) throw new RangeError(`numEpochs must be a positive integer, got ${numEpochs}`);
  const settings = { ...trainer.settings, seed, batchSize, trainingImages: data.count };
  const file = checkpointFile(runDir);
  removePartialFiles(runDir);
  let state: RunState = { kind: trainer.kind, settings, epoch: 0, step: 0, history: [] };
  if (fs.existsSync(file)) {
    if (!options.resume) {
      throw new Error(`${runDir} already holds a ${trainer.kind} run (${file}). Resume it, or choose another run folder; ` +
        'nothing was overwritten.');
    }
    state = await restore(trainer, file, settings);
  }
  // Ctrl-C and Jupyter's stop button send SIGINT; `kill` and a stopping container send SIGTERM, a closed terminal
  // SIGHUP. On any of them the loop stops between two steps and saves where it stands (tslab, on SIGINT, would only
  // abandon the cell and leave the loop running). After SIGTERM or SIGHUP the process then ends as it was asked to.
  // The listeners are added after one turn of the event loop: added while tslab's vm still runs the cell's
  // synchronous part (node:vm swaps SIGINT listeners then), they leave the kernel hung on the next interrupt.
  let stopSignal: NodeJS.Signals | undefined;
  const onStopSignal = (signal: NodeJS.Signals) => { stopSignal = signal; };
  await new Promise((resolve) => setImmediate(resolve));
  for (const signal of STOP_SIGNALS) process.on(signal, onStopSignal);
  try {
    return await loop(trainer, options, state, () => stopSignal !== undefined);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onStopSignal);
    options.progress?.end();
    if (stopSignal === 'SIGTERM' || stopSignal === 'SIGHUP') process.kill(process.pid, stopSignal);
  }
}

async function loop(trainer: Trainer, options: FitOptions, initial: RunState, interrupted: () => boolean): Promise<RunState> {
  const { data, numEpochs, batchSize, seed, runDir, progress, onEpoch, checkpointEverySeconds = 300 } = options;
  const file = checkpointFile(runDir);
  let state = initial;
  let saved = initial.step > 0 ? initial : undefined; // what the checkpoint on disk holds
  let lastSave = performance.now();
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
      ...finished, step: state.step,
      epochInProgress: { steps: stepInEpoch, seconds: (performance.now() - epochStart) / 1000, lossSums: { ...sums } },
    });
    for (const batch of batches(data, { batchSize, seed: epochSeed(seed, epoch), range: trainer.range, skip: stepInEpoch })) {
      if (interrupted()) {
        tf.dispose([batch.images, batch.labels]);
        if (state.step > (saved?.step ?? 0)) saved = await save(trainer, inProgress(), runDir);
        throw new TrainingInterruptedError(`Training interrupted after step ${state.step} (in epoch ${epoch}). ` +
          (saved ? `The checkpoint ${file} holds the run up to there (${position(saved)}).` : 'No step had run yet.'));
      }
      let losses: Record<string, number>;
      try {
        losses = await trainer.step(batch, stepSeed(seed, state.step + 1));
      } finally {
        tf.dispose([batch.images, batch.labels]);
      }
      stepInEpoch++;
      checkFinite(losses, epoch, stepInEpoch, state, saved, file);
      state = { ...state, step: state.step + 1 };
      stepsThisSession++;
      for (const [name, value] of Object.entries(losses)) sums[name] = (sums[name] ?? 0) + value;
      if (performance.now() - lastSave >= 1000 * checkpointEverySeconds && stepInEpoch < stepsPerEpoch) {
        saved = await save(trainer, inProgress(), runDir);
        lastSave = performance.now();
      }
      const stepsPerSecond = stepsThisSession / ((performance.now() - started) / 1000);
      const stepsLeft = (numEpochs - epoch + 1) * stepsPerEpoch - stepInEpoch;
      progress?.step({ epoch, numEpochs, stepInEpoch, stepsPerEpoch, stepsPerSecond, secondsLeft: stepsLeft / stepsPerSecond, losses });
      // On cpu and wasm every await above resolves at once, so without this the loop would never let Node run timers
      // (the progress bar), signal handlers (Ctrl-C) or the kernel's messages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const trainMeans = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / stepInEpoch]));
    const metrics = { ...trainMeans, ...(await trainer.evaluate()) };
    const record: EpochRecord = { epoch, steps: state.step, seconds: (performance.now() - epochStart) / 1000, metrics };
    state = { ...finished, step: state.step, epoch, history: [...state.history, record] };
    saved = await save(trainer, state, runDir);
    lastSave = performance.now();
    progress?.epoch(record, numEpochs);
    await onEpoch?.(record);
  }
  return state;
}

function checkFinite(
  losses: Record<string, number>, epoch: number, stepInEpoch: number, state: RunState, saved: RunState | undefined, file: string,
): void {
  const bad = Object.entries(losses).find(([, value]) => !Number.isFinite(value));
  if (!bad) return;
  const reason = `Loss ${bad[0]} is ${bad[1]} at step ${state.step + 1} (epoch ${epoch}, step ${stepInEpoch} of the epoch)`;
  const lastGood = saved
    ? `The last good checkpoint is ${file} (${position(saved)}); it was not touched.`
    : 'No checkpoint was written yet.';
  throw new TrainingDivergedError(`${reason}, so training stopped. ${lastGood} Try a lower learning rate or another seed.`, reason);
}

/** Where a checkpoint stands: "end of epoch 1, step 3" or "epoch 2, step 4 of the run, 1 of the epoch". */
function position(saved: RunState): string {
  const partial = saved.epochInProgress;
  return partial
    ? `epoch ${saved.epoch + 1}, step ${saved.step} of the run, ${partial.steps} of the epoch`
    : `end of epoch ${saved.epoch}, step ${saved.step}`;
}

/** Writes the checkpoint and metrics.json for `state`, and returns it: the run as the checkpoint now holds it. */
async function save(trainer: Trainer, state: RunState, runDir: string): Promise<RunState> {
  const optimizers: Checkpoint['optimizers'] = {};
  for (const [name, optimizer] of Object.entries(trainer.optimizers)) optimizers[name] = await optimizerState(optimizer);
  const networks = Object.fromEntries(Object.entries(trainer.networks).map(([name, model]) => [name, model.getWeights()]));
  writeCheckpoint(checkpointFile(runDir), { ...state, networks, optimizers });
  for (const weights of Object.values(optimizers)) tf.dispose(weights.filter((w) => w.name === 'iter').map((w) => w.tensor));
  writeAtomically(metricsFile(runDir), JSON.stringify({ kind: state.kind, settings: state.settings, history: state.history }, null, 2) + '\n');
  return state;
}

/** Loads the checkpoint into the trainer's networks and optimisers and returns the run state it records. */
async function restore(trainer: Trainer, file: string, settings: Record<string, number>): Promise<RunState> {
  const checkpoint = readCheckpoint(file);
  try {
    const { networks, optimizers, ...state } = checkpoint;
    const mismatch = Object.keys({ ...settings, ...state.settings }).filter((k) => settings[k] !== state.settings[k]);
    if (state.kind !== trainer.kind || mismatch.length > 0) {
      const was = mismatch.map((k) => `${k} ${state.settings[k]}`).join(', ');
      const now = mismatch.map((k) => `${k} ${settings[k]}`).join(', ');
      throw new Error(`${file} holds a ${state.kind} run with ${was || 'other settings'}; this ${trainer.kind} run asks ` +
        `for ${now || 'a different model'}. Resume with the same settings, or choose another run folder.`);
    }
    for (const [name, model] of Object.entries(trainer.networks)) setNetworkWeights(model, networks[name] ?? [], `${file} (${name})`);
    for (const [name, optimizer] of Object.entries(trainer.optimizers)) await setOptimizerState(optimizer, optimizers[name] ?? []);
    return state;
  } finally {
    disposeCheckpoint(checkpoint);
  }
}

/** Copies `weights` into `model`, checking count and shapes, so a checkpoint of another architecture fails clearly. */
export function setNetworkWeights(model: tf.LayersModel, weights: tf.Tensor[], source: string): void {
  const expected = model.weights.map((w) => w.shape.join('×'));
  const found = weights.map((w) => w.shape.join('×'));
  if (expected.join() !== found.join()) {
    throw new Error(`${source} holds weights of shapes [${found.join(', ')}] but the model needs ` +
      `[${expected.join(', ')}]: it was written for another architecture. Use a run folder made by the same model.`);
  }
  model.setWeights(weights);
}

// Adam keeps β₁ᵗ and β₂ᵗ outside getWeights() and recomputes them as powers on setWeights(), which differs from its
// running product in the last bits; saving them too makes a resumed run match an uninterrupted one exactly.
type WithPowers = { accBeta1?: tf.Variable; accBeta2?: tf.Variable };

async function optimizerState(optimizer: tf.Optimizer): Promise<NamedTensor[]> {
  const weights = await optimizer.getWeights();
  const { accBeta1, accBeta2 } = optimizer as unknown as WithPowers;
  if (accBeta1 && accBeta2) weights.push({ name: 'accBeta1', tensor: accBeta1 }, { name: 'accBeta2', tensor: accBeta2 });
  return weights;
}

async function setOptimizerState(optimizer: tf.Optimizer, weights: NamedTensor[]): Promise<void> {
  const powers = weights.filter((w) => w.name === 'accBeta1' || w.name === 'accBeta2');
  await optimizer.setWeights(weights.filter((w) => !powers.includes(w)));
  const target = optimizer as unknown as WithPowers;
  for (const { name, tensor } of powers) target[name as keyof WithPowers]?.assign(tensor as tf.Scalar);
}

/** Temporary files that a killed process left behind (the checkpoint they were replacing is intact). */
function removePartialFiles(runDir: string): void {
  if (!fs.existsSync(runDir)) return;
  for (const name of fs.readdirSync(runDir)) if (/\.partial-\d+$/.test(name)) fs.rmSync(path.join(runDir, name));
}
