// Where runs live: one folder per model under the repository's runs/, so notebooks and the CLI find each other's work.
import * as path from 'path';
import { fastMode } from '../config';

/** The repository's runs/ folder; fast-mode runs go to runs/fast/ so they never touch a full run. */
export const RUNS_DIRECTORY = path.resolve(__dirname, '..', '..', 'runs', fastMode ? 'fast' : '');

/** The default run folder of `model` ('classifier', 'gan', 'vae'): notebooks and the CLI both use it. */
export function runFolder(model: string): string {
  return path.join(RUNS_DIRECTORY, model);
}
