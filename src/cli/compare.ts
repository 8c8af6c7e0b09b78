// `genlab compare`: the runs of chapter 07 (GAN versus VAE). Trains every run of the chosen experiments and writes one
// results file per experiment, <out>/<experiment>.json, rewritten after each run so that a killed process keeps its
// finished runs and a rerun resumes (runs already in the file with the same spec are skipped). GENLAB_FAST=1 runs the
// notebook's tiny plan. Processes with different --only values can run side by side: each writes only its experiments'
// files.
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../backend';
import {
  comparisonContext,
  comparisonPlan,
  readComparisonResults,
  RunResult,
  runPlan,
  writeComparisonResults,
} from '../comparison';
import { fastMode } from '../config';
import { loadMnist } from '../data';
import { loadClassifier } from '../evaluator';
import { trainedRunFolder } from '../storage';
import { formatDuration } from '../training';
import { CompareArgs } from './args';

/** Samples scored after each epoch; the Fréchet distance of 256 evaluator features needs more than 256. */
const SAMPLES = fastMode ? 300 : 1_000;

/** Refuses to add this process's runs to a results file of the other mode (fast or full); `out` is what --out names. */
export function refuseOtherMode(file: string, fileIsFast: boolean, out: 'folder' | 'file'): void {
  if (fileIsFast !== fastMode) {
    throw new Error(
      `${file} holds ${fileIsFast ? 'fast-mode' : 'full'} runs and this is a ${fastMode ? 'fast-mode' : 'full'} ` +
        `run; pass another --out ${out}, or delete the file to replace it.`,
    );
  }
}

/** The finished runs of an earlier call, or none; refuses to mix fast and full runs in one file. */
function previousRuns(file: string): RunResult[] {
  if (!fs.existsSync(file)) return [];
  const previous = readComparisonResults(file);
  refuseOtherMode(file, previous.fast, 'folder');
  return previous.runs;
}

/** Runs the experiments `args.only` into `args.out`; `command` is the command line as typed, recorded in each file. */
export async function compare(args: CompareArgs, command: string): Promise<void> {
  const { only, out } = args;
  const started = performance.now();
  const backend = await selectBackend();
  const mnist = await loadMnist();
  const evaluator = loadClassifier(trainedRunFolder('classifier'));
  const context = {
    ...comparisonContext(mnist, evaluator, `${backend.active} (${backend.detail})`, SAMPLES),
    progress: (line: string) => console.log(line),
  };
  const plan = comparisonPlan(fastMode);
  for (const experiment of only) {
    const file = path.join(out, `${experiment}.json`);
    const specs = plan.filter((spec) => spec.experiment === experiment);
    const finished = new Map(previousRuns(file).map((run) => [run.spec.id, run]));
    const startedAt = new Date().toISOString();
    const write = (runs: RunResult[]) =>
      writeComparisonResults(file, {
        command,
        fast: fastMode,
        backend: context.backend,
        startedAt,
        finishedAt: new Date().toISOString(),
        runs,
      });
    const results = await runPlan(specs, context, {
      command,
      fast: fastMode,
      done: [...finished.values()],
      onRun(result) {
        finished.set(result.spec.id, result);
        write(specs.flatMap((spec) => finished.get(spec.id) ?? []));
      },
    });
    writeComparisonResults(file, results);
    console.log(
      `${experiment}: ${results.runs.length} runs in ${file} (${formatDuration((performance.now() - started) / 1000)} so far)`,
    );
  }
}
