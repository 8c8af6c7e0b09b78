// Trained runs shipped with the course, in trained/<model>/: the weights and per-epoch history of a full-settings run
// (no optimiser state, which only resuming needs), its sample grids, and where it came from. A notebook at full
// settings loads one in seconds instead of training for hours; a run of the user's own in runs/ takes precedence.
import * as fs from 'fs';
import * as path from 'path';
import { fastMode } from '../config';
import { makeFolder, writeAtomically } from './atomic';
import { disposeCheckpoint, readCheckpoint, RunSettings, RunState, writeCheckpoint } from './checkpoint';
import {
  checkpointFile,
  checkSameRun,
  likelihoodFile,
  metricsFile,
  REPOSITORY_DIRECTORY,
  runFolder,
  SavedModel,
} from './run-folder';
import { setNetworkWeights } from './training-state';

/** The repository's trained/ folder. */
export const SHIPPED_DIRECTORY = path.join(REPOSITORY_DIRECTORY, 'trained');

export const shippedRunFolder = (model: string) => path.join(SHIPPED_DIRECTORY, model);
export const provenanceFile = (runDir: string) => path.join(runDir, 'provenance.json');

/** Whether the course ships a trained `model` (a checkpoint in trained/<model>): notebooks load it, else they train. */
export const isShipped = (model: string) => fs.existsSync(checkpointFile(shippedRunFolder(model)));

/** One training session of a run: a start or a resume, as the trainer recorded it. */
export interface TrainingSession {
  command: string;
  commit: string; // the genlab commit that trained, `git rev-parse HEAD` where the checkout has git
  backend: string;
  startedAt: string; // ISO time
  fromStep: number; // 0 for a new run
  /** For a session written down by hand (a run older than provenance.json): how its fields were known. */
  note?: string;
}

export interface Provenance {
  sessions: TrainingSession[];
  /** Filled in by shipRun. */
  shipped?: { at: string; epochs: number; steps: number; trainingSeconds: number; bytes: number };
}

/** Adds `session` to the run folder's provenance.json (a new run starts the list afresh). */
export function recordSession(runDir: string, session: TrainingSession): void {
  const file = provenanceFile(runDir);
  const earlier =
    session.fromStep > 0 && fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Provenance).sessions
      : [];
  makeFolder(runDir);
  writeAtomically(file, JSON.stringify({ sessions: [...earlier, session] }, null, 2) + '\n');
}

/** The epochs and steps of the model that the run's iwae.json estimates, if it has one. */
function likelihoodOf(runDir: string): { epochs: number; steps: number } | undefined {
  const file = likelihoodFile(runDir);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/**
 * Copies the finished run in `runDir` into `outDir` (replacing what was there): its weights without optimiser state,
 * metrics.json, its PNG grids, its iwae.json if it has one, and provenance.json with the size shipped. Returns the bytes
 * written.
 */
export function shipRun(runDir: string, outDir: string): number {
  const source = checkpointFile(runDir);
  if (!fs.existsSync(source)) throw new Error(`${runDir} holds no checkpoint.bin to ship: train the run there first.`);
  const provenance: Provenance = fs.existsSync(provenanceFile(runDir))
    ? JSON.parse(fs.readFileSync(provenanceFile(runDir), 'utf8'))
    : { sessions: [] };
  if (provenance.sessions.length === 0) {
    throw new Error(
      `${provenanceFile(runDir)} is missing or lists no training session, so where the run came from is ` +
        'unknown. Runs trained with `genlab train` record it; write it by hand for an older run (see the README).',
    );
  }
  const checkpoint = readCheckpoint(source);
  try {
    if (checkpoint.epochInProgress) {
      throw new Error(
        `${source} stops inside epoch ${checkpoint.epoch + 1}: finish the run (\`--resume\`) before shipping it.`,
      );
    }
    const estimate = likelihoodOf(runDir);
    if (estimate && (estimate.epochs !== checkpoint.epoch || estimate.steps !== checkpoint.step)) {
      throw new Error(
        `${likelihoodFile(runDir)} estimates the model after step ${estimate.steps}, the checkpoint has ` +
          `trained to step ${checkpoint.step}: estimate it again (\`genlab evaluate vae --out=${runDir}\`) before shipping.`,
      );
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    makeFolder(outDir);
    const { networks, optimizers: _dropped, format: _format, ...state } = checkpoint;
    writeCheckpoint(checkpointFile(outDir), { ...state, networks, optimizers: {} });
    writeAtomically(
      metricsFile(outDir),
      JSON.stringify({ kind: state.kind, settings: state.settings, history: state.history }, null, 2) + '\n',
    );
    for (const png of fs.readdirSync(runDir).filter((name) => name.endsWith('.png'))) {
      fs.copyFileSync(path.join(runDir, png), path.join(outDir, png));
    }
    if (estimate) fs.copyFileSync(likelihoodFile(runDir), likelihoodFile(outDir));
    const bytes = () =>
      fs.readdirSync(outDir).reduce((sum, name) => sum + fs.statSync(path.join(outDir, name)).size, 0);
    const trainingSeconds = state.history.reduce((sum, record) => sum + record.seconds, 0);
    const shipped = { at: new Date().toISOString(), epochs: state.epoch, steps: state.step, trainingSeconds, bytes: 0 };
    // The total includes provenance.json itself, whose length depends on the number written: rewrite until it holds.
    for (let bytesBefore = -1; shipped.bytes !== bytesBefore;) {
      bytesBefore = shipped.bytes;
      writeAtomically(provenanceFile(outDir), JSON.stringify({ ...provenance, shipped }, null, 2) + '\n');
      shipped.bytes = bytes();
    }
    return shipped.bytes;
  } finally {
    disposeCheckpoint(checkpoint);
  }
}

/**
 * Loads the networks of the run in `runDir` (shipped, or any finished run) into `model`, which must be of the same
 * kind and settings, and returns where the run stands and its history. Nothing is written: a shipped folder stays as
 * committed.
 */
export function loadFinishedRun(model: Pick<SavedModel, 'kind' | 'settings' | 'networks'>, runDir: string): RunState {
  const file = checkpointFile(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${runDir} holds no checkpoint.bin. Train the run (see the notebook's first cells, or \`genlab train ` +
        `${model.kind}\`), or restore the shipped trained/ folder with \`git checkout -- trained\`.`,
    );
  }
  const checkpoint = readCheckpoint(file);
  try {
    const { networks, optimizers: _o, format: _f, ...state } = checkpoint;
    // Only the settings that fix the model must agree: the seed, batch size and data size only say how it was trained.
    checkSameRun(
      { ...state, settings: pick(state.settings, Object.keys(model.settings)) },
      model,
      file,
      'Load it with the settings it was trained with, or train this one from scratch.',
    );
    for (const [name, network] of Object.entries(model.networks))
      setNetworkWeights(network, networks[name] ?? [], `${file} (${name})`);
    return state;
  } finally {
    disposeCheckpoint(checkpoint);
  }
}

const pick = (settings: RunSettings, keys: string[]) => Object.fromEntries(keys.map((k) => [k, settings[k]]));

/**
 * Where a later chapter finds a trained `model`: the user's own run in runs/ when it holds a checkpoint, else, at full
 * settings, the shipped one. Fast mode always uses runs/fast/.
 */
export function trainedRunFolder(model: string): string {
  const own = runFolder(model);
  if (fastMode || fs.existsSync(checkpointFile(own))) return own;
  return isShipped(model) ? shippedRunFolder(model) : own;
}
