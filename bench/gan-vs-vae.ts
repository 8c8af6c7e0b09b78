// The runs of notebook 07 (GAN versus VAE): trains every run of the chosen experiments and writes one results file per
// experiment, <out>/<experiment>.json, rewritten after each run so that a killed process keeps its finished runs and a
// rerun resumes (runs already in the file with the same spec are skipped). GENLAB_FAST=1 runs the notebook's tiny plan.
//   node --import tsx bench/gan-vs-vae.ts [--only=passes,beta,...] [--out=DIR]
// Processes with different --only values can run side by side: each writes only its experiments' files.
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../src/backend';
import {
  COMPARISON_RESULTS_DIRECTORY, comparisonContext, comparisonPlan, EXPERIMENTS, ExperimentName, readComparisonResults,
  RunResult, runPlan, writeComparisonResults,
} from '../src/comparison';
import { fastMode } from '../src/config';
import { loadMnist } from '../src/data';
import { loadClassifier } from '../src/evaluator';
import { trainedRunFolder } from '../src/storage';
import { formatDuration } from '../src/training';

/** Samples scored after each epoch; the Fréchet distance of 256 evaluator features needs more than 256. */
const SAMPLES = fastMode ? 300 : 1_000;

const USAGE = 'usage: node --import tsx bench/gan-vs-vae.ts [--only=EXPERIMENT,...] [--out=DIR]\n' +
  `  experiments: ${EXPERIMENTS.join(', ')} (default: all)\n  DIR: default ${COMPARISON_RESULTS_DIRECTORY}`;

function parseArgs(argv: string[]): { only: ExperimentName[]; out: string } {
  let only = EXPERIMENTS;
  let out = COMPARISON_RESULTS_DIRECTORY;
  for (const arg of argv) {
    const [key, value] = arg.split(/=(.*)/s);
    if (key === '--only' && value) {
      const unknown = value.split(',').filter((name) => !(EXPERIMENTS as string[]).includes(name));
      if (unknown.length > 0) throw new Error(`unknown experiment ${unknown.join(', ')}.\n${USAGE}`);
      only = value.split(',') as ExperimentName[];
    } else if (key === '--out' && value) {
      out = path.resolve(value);
    } else {
      throw new Error(`unknown argument ${arg}.\n${USAGE}`);
    }
  }
  return { only, out };
}

/** The command line as typed, with the GENLAB_ variables that change what runs. */
function commandLine(): string {
  const env = Object.entries(process.env).filter(([name]) => name.startsWith('GENLAB_')).map(([name, value]) => `${name}=${value}`);
  return [...env, 'node', ...process.execArgv, path.relative(process.cwd(), process.argv[1]), ...process.argv.slice(2)].join(' ');
}

/** The finished runs of an earlier call, or none; refuses to mix fast and full runs in one file. */
function previousRuns(file: string): RunResult[] {
  if (!fs.existsSync(file)) return [];
  const previous = readComparisonResults(file);
  if (previous.fast !== fastMode) {
    throw new Error(`${file} holds ${previous.fast ? 'fast-mode' : 'full'} runs and this is a ${fastMode ? 'fast-mode' : 'full'} ` +
      'run; pass another --out folder, or delete the file to replace it.');
  }
  return previous.runs;
}

async function main(): Promise<void> {
  const { only, out } = parseArgs(process.argv.slice(2));
  const command = commandLine();
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
    const write = (runs: RunResult[]) => writeComparisonResults(file,
      { command, fast: fastMode, backend: context.backend, startedAt, finishedAt: new Date().toISOString(), runs });
    const results = await runPlan(specs, context, {
      command, fast: fastMode, done: [...finished.values()],
      onRun(result) {
        finished.set(result.spec.id, result);
        write(specs.flatMap((spec) => finished.get(spec.id) ?? []));
      },
    });
    writeComparisonResults(file, results);
    console.log(`${experiment}: ${results.runs.length} runs in ${file} (${formatDuration((performance.now() - started) / 1000)} so far)`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
