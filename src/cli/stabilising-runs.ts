// `genlab stabilising`: chapter 08's H12 experiment. Runs the plan one run at a time and rewrites the results file after
// each, so a stopped experiment continues where it stopped when started again.
import { selectBackend } from '../backend';
import { fastMode } from '../config';
import { loadMnist } from '../data';
import {
  comparisonContext,
  disposeScoringReference,
  readStabilityResults,
  runStability,
  sameStabilitySpec,
  STABILITY_RESULTS_FILE,
  STABILITY_SETTINGS,
  stabilityPlan,
  StabilityResults,
  writeStabilityResults,
} from '../comparison';
import { loadClassifier } from '../evaluator';
import { trainedRunFolder } from '../storage';
import { StabilisingArgs } from './args';
import { refuseOtherMode } from './compare';

export async function stabilising({ out }: StabilisingArgs): Promise<void> {
  const previous = readStabilityResults(out);
  // A fast-mode run would otherwise replace the saved full runs, which take half an hour to make again.
  if (previous) refuseOtherMode(out, previous.fast, 'file');
  const report = await selectBackend();
  const backendName = `${report.active} (${report.detail})`;
  const settings = fastMode ? STABILITY_SETTINGS.fast : STABILITY_SETTINGS.full;
  const plan = stabilityPlan(settings.seeds, settings.budget);
  const done = previous?.runs ?? [];
  const context = comparisonContext(
    await loadMnist(),
    loadClassifier(trainedRunFolder('classifier')),
    backendName,
    settings.samples,
  );
  context.progress = (line) => console.log(line);
  const results: StabilityResults = {
    command: `${fastMode ? 'GENLAB_FAST=1 ' : ''}GENLAB_WASM_THREADS=1 node dist/cli/main.js stabilising${out === STABILITY_RESULTS_FILE ? '' : ` --out=${out}`}`,
    fast: fastMode,
    backend: backendName,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    runs: [],
  };
  try {
    for (const spec of plan) {
      const previous = done.find((run) => sameStabilitySpec(run.spec, spec));
      results.runs.push(previous ?? (await runStability(spec, context)));
      results.finishedAt = new Date().toISOString();
      writeStabilityResults(out, results);
    }
  } finally {
    disposeScoringReference(context.reference);
  }
  console.log(`wrote ${out}: ${results.runs.length} runs`);
}
