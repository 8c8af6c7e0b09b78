// Where runs live: one folder per model under the repository's runs/, so notebooks and the CLI find each other's work,
// and the sample grids a run keeps from each epoch.
import * as fs from 'fs';
import * as path from 'path';
import { fastMode } from '../config';
import { writeAtomically } from './checkpoint';

/** The repository's runs/ folder; fast-mode runs go to runs/fast/ so they never touch a full run. */
export const RUNS_DIRECTORY = path.resolve(__dirname, '..', '..', 'runs', fastMode ? 'fast' : '');

/** The default run folder of `model` ('classifier', 'gan', 'vae'): notebooks and the CLI both use it. */
export function runFolder(model: string): string {
  return path.join(RUNS_DIRECTORY, model);
}

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
  return fs.readdirSync(runDir)
    .flatMap((name) => {
      const match = SAMPLE_GRID.exec(name);
      return match ? [{ epoch: Number(match[1]), png: new Uint8Array(fs.readFileSync(path.join(runDir, name))) }] : [];
    })
    .sort((a, b) => a.epoch - b.epoch);
}
