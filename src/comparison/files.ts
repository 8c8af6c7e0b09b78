// The results files of the chapter: one JSON file per experiment in notebooks/results/gan-vs-vae/, written by
// `genlab compare` (src/cli/compare.ts; or the notebook's fast mode) and read by the notebook's summaries.
import * as fs from 'fs';
import * as path from 'path';
import { writeAtomically } from '../storage';
import { ComparisonResults, RunSpec } from './results';

/** <repo>/notebooks/results/gan-vs-vae, from src/ and from dist/ alike. */
export const COMPARISON_RESULTS_DIRECTORY = path.resolve(__dirname, '..', '..', 'notebooks', 'results', 'gan-vs-vae');

/** Every results file (*.json) in `directory`, in file-name order. */
export function loadComparisonResults(directory = COMPARISON_RESULTS_DIRECTORY): ComparisonResults[] {
  const files = fs.existsSync(directory)
    ? fs
        .readdirSync(directory)
        .filter((name) => name.endsWith('.json'))
        .sort()
    : [];
  if (files.length === 0) {
    const out = directory === COMPARISON_RESULTS_DIRECTORY ? '' : ` -- --out=${directory}`;
    throw new Error(
      `${directory} holds no GAN-versus-VAE results (no *.json files). Make them with ` +
        `\`npm run bench:compare${out}\` (hours on one core), or \`GENLAB_FAST=1 npm run bench:compare${out || ' -- --out=DIR'}\` ` +
        'for a tiny version in under a minute.',
    );
  }
  return files.map((name) => readComparisonResults(path.join(directory, name)));
}

/** Writes `results` to `file` atomically, so a reader (or a killed run) never sees half a file. */
export function writeComparisonResults(file: string, results: ComparisonResults): void {
  writeAtomically(file, JSON.stringify(results, null, 2) + '\n');
}

/** One results file, checked to hold a list of runs. */
export function readComparisonResults(file: string): ComparisonResults {
  let results: ComparisonResults;
  try {
    results = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file} is not readable JSON (${(error as Error).message}); delete it and run ` +
        '`npm run bench:compare` again for its experiment.',
    );
  }
  if (!Array.isArray(results?.runs)) {
    throw new Error(`${file} is not a GAN-versus-VAE results file (it has no "runs" list); move it out of the folder.`);
  }
  return { ...results, runs: results.runs.map((run) => ({ ...run, spec: readSpec(run.spec) })) };
}

/** A run's spec as written by any genlab: before 2026-12 the epochs to train were called `epochs`. */
function readSpec(spec: RunSpec | (Omit<RunSpec, 'numEpochs'> & { epochs: number })): RunSpec {
  if (!('epochs' in spec)) return spec;
  const { epochs, ...rest } = spec;
  return { ...rest, numEpochs: epochs };
}
