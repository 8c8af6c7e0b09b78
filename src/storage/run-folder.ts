// Run folders: where runs live (one folder per model under the repository's runs/, so that notebooks and the CLI find
// each other's work), what a folder holds (checkpoint.bin, metrics.json, a sample grid per epoch, and writer.lock while
// a trainer writes there), and a trainer's use of one: lock, resume, save, release.
import * as fs from 'fs';
import * as path from 'path';
import { fastMode } from '../config';
import { makeFolder, removeTemporaryFiles, writeAtomically, WriteFailedError } from './atomic';
import {
  CHECKPOINT_FORMAT,
  readCheckpoint,
  RunSettings,
  RunState,
  writeCheckpoint,
  disposeCheckpoint,
} from './checkpoint';
import { takeWriterLock, WriterLock } from './lock';
import { captureTraining, restoreTraining, TrainingModels } from './training-state';

export const REPOSITORY_DIRECTORY = path.resolve(__dirname, '..', '..');
/** The repository's runs/ folder; fast-mode runs go to runs/fast/ so they never touch a full run. */
export const RUNS_DIRECTORY = path.join(REPOSITORY_DIRECTORY, 'runs', fastMode ? 'fast' : '');

/** `folder` relative to the repository, as committed results files name a run (no machine's own paths). */
export const repositoryRelative = (folder: string) => path.relative(REPOSITORY_DIRECTORY, path.resolve(folder));

/** The default run folder of `model` ('classifier', 'gan', 'vae'): notebooks and the CLI both use it. */
export function runFolder(model: string): string {
  return path.join(RUNS_DIRECTORY, model);
}

export const checkpointFile = (runDir: string) => path.join(runDir, 'checkpoint.bin');
export const metricsFile = (runDir: string) => path.join(runDir, 'metrics.json');
/** A VAE's test log-likelihood estimate (src/training/vae.ts), saved by `genlab evaluate vae` and shipped with its run. */
export const likelihoodFile = (runDir: string) => path.join(runDir, 'iwae.json');
export const lockFile = (runDir: string) => path.join(runDir, 'writer.lock');

const SAMPLE_GRID = /^samples-epoch-(\d+)\.png$/;

/** The file of the sample grid saved after `epoch`: the CLI and the notebooks write the same files. */
export function sampleGridFile(runDir: string, epoch: number): string {
  return path.join(runDir, `samples-epoch-${epoch}.png`);
}

/** Saves the PNG grid of samples drawn after `epoch`, atomically (a killed process leaves no half-written image). */
export function saveSampleGrid(runDir: string, epoch: number, png: Uint8Array): void {
  writeAtomically(sampleGridFile(runDir, epoch), [png]);
}

/** The sample grids saved in `runDir`, in epoch order; none when the folder holds none or does not exist. */
export function readSampleGrids(runDir: string): { epoch: number; png: Uint8Array }[] {
  if (!fs.existsSync(runDir)) return [];
  return fs
    .readdirSync(runDir)
    .flatMap((name) => {
      const match = SAMPLE_GRID.exec(name);
      return match ? [{ epoch: Number(match[1]), png: new Uint8Array(fs.readFileSync(path.join(runDir, name))) }] : [];
    })
    .sort((a, b) => a.epoch - b.epoch);
}

/** A model in training, as a run folder saves it: what it is, with which settings, and its tensors. */
export interface SavedModel extends TrainingModels {
  kind: string;
  settings: RunSettings;
}

/** A run folder opened by its one writer. */
export interface OpenRunFolder {
  readonly checkpoint: string;
  /** Whether the folder holds a checkpoint (a run to resume, or to refuse to overwrite). */
  holdsCheckpoint(): boolean;
  /** The run as this writer last saved or resumed it; undefined before either. */
  readonly onDisk: RunState | undefined;
  /** Loads the checkpoint into `model`, checking that it is the same kind of run with the same settings. */
  resume(model: SavedModel): Promise<RunState>;
  /** Writes the checkpoint of `model` at `state`, then metrics.json. */
  save(model: SavedModel, state: RunState): Promise<void>;
  /** Releases the folder to other writers. */
  close(): void;
}

/** Throws unless the checkpoint `file` (at `state`) is a run of `model`'s kind and settings; `advice` says what to do. */
export function checkSameRun(
  state: RunState,
  model: Pick<SavedModel, 'kind' | 'settings'>,
  file: string,
  advice: string,
): void {
  const mismatch = Object.keys({ ...model.settings, ...state.settings }).filter(
    (k) => model.settings[k] !== state.settings[k],
  );
  if (state.kind === model.kind && mismatch.length === 0) return;
  const was = mismatch.map((k) => `${k} ${state.settings[k]}`).join(', ');
  const now = mismatch.map((k) => `${k} ${model.settings[k]}`).join(', ');
  throw new Error(
    `${file} holds a ${state.kind} run with ${was || 'other settings'}; this ${model.kind} run ` +
      `asks for ${now || 'a different model'}. ${advice}`,
  );
}

/**
 * Opens `runDir` (created if missing) for writing: takes its lock (a FolderLockedError if another trainer holds it),
 * then removes what killed writers left (temporary files).
 */
export function openRunFolder(runDir: string): OpenRunFolder {
  makeFolder(runDir);
  const lock: WriterLock = takeWriterLock(lockFile(runDir), `The run folder ${runDir}`);
  const checkpoint = checkpointFile(runDir);
  let onDisk: RunState | undefined;
  try {
    removeTemporaryFiles(runDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  const writeMetrics = (state: RunState) =>
    writeAtomically(
      metricsFile(runDir),
      JSON.stringify({ kind: state.kind, settings: state.settings, history: state.history }, null, 2) + '\n',
    );
  const save = async (model: SavedModel, state: RunState) => {
    lock.confirm();
    const tensors = await captureTraining(model);
    try {
      writeCheckpoint(checkpoint, { ...state, networks: tensors.networks, optimizers: tensors.optimizers });
    } catch (error) {
      // Renamed into place, only the folder's flush failed: the file on disk is the new one.
      if (error instanceof WriteFailedError && error.replaced) onDisk = state;
      throw error;
    } finally {
      tensors.release();
    }
    onDisk = state;
    writeMetrics(state);
  };
  return {
    checkpoint,
    holdsCheckpoint: () => fs.existsSync(checkpoint),
    get onDisk() {
      return onDisk;
    },
    async resume(model) {
      const read = readCheckpoint(checkpoint);
      try {
        const { networks: _n, optimizers: _o, format, ...state } = read;
        checkSameRun(state, model, checkpoint, 'Resume with the same settings, or choose another run folder.');
        await restoreTraining(model, read, checkpoint);
        onDisk = state;
        // metrics.json follows from the checkpoint: rewritten, it is whole even if a kill came between the two writes.
        // A format-1 checkpoint is rewritten in the current format, with checksums.
        if (format === CHECKPOINT_FORMAT) writeMetrics(state);
        else await save(model, state);
        return state;
      } finally {
        disposeCheckpoint(read);
      }
    },
    save,
    close: () => lock.release(),
  };
}
