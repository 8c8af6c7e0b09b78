#!/usr/bin/env node
// The long runs of chapter 13, from a terminal: `node dist/cli/frame.js ood` trains the conv VAE on Fashion-MNIST
// (resumable: run it again after an interruption) and scores MNIST with it; `… compression` quantises and prunes the
// DCGAN of chapter 05 in runs/gan. Each writes its results file into notebooks/results/frame/, which the notebook reads.
import * as path from 'path';
import { selectBackend } from '../backend';
import { fastMode } from '../config';
import {
  COMPRESSION_COMMAND,
  COMPRESSION_RESULTS_FILE,
  runCompressionSweep,
  saveCompressionResults,
} from '../compression';
import { loadDataset } from '../data';
import { OOD_COMMAND, runOodExperiment, saveOodResults, OOD_RESULTS_FILE } from '../ood';
import { runFolder, trainedRunFolder } from '../storage';
import { loadClassifier } from '../evaluator';
import { terminalProgress, VAE_DEFAULTS } from '../training';

const USAGE = `usage: node dist/cli/frame.js ood [--epochs=N] | compression
  ood          train the conv VAE on Fashion-MNIST (run folder runs/vae-fashion, resumed when it holds a checkpoint),
               score the Fashion-MNIST and MNIST test images, write ${path.relative(process.cwd(), OOD_RESULTS_FILE)}
  compression  quantise and prune the DCGAN in runs/gan, score each variant with the evaluator in runs/classifier,
               write ${path.relative(process.cwd(), COMPRESSION_RESULTS_FILE)}`;

async function compression(): Promise<void> {
  const backend = await selectBackend();
  const mnist = await loadDataset('mnist');
  const results = runCompressionSweep({
    runDir: runFolder('gan'),
    evaluator: loadClassifier(trainedRunFolder('classifier')),
    realTest: mnist.test,
    samples: fastMode ? 300 : 1000,
    seed: 13,
    command: COMPRESSION_COMMAND,
    backend: `${backend.active} (${backend.detail})`,
  });
  const file = fastMode ? path.join(runFolder('gan'), 'compression-results.json') : COMPRESSION_RESULTS_FILE;
  saveCompressionResults(results, file);
  console.log(
    `${results.rows.length} variants of the generator in ${results.checkpoint.runDir} ` +
      `(${results.checkpoint.epochs} epochs) scored; wrote ${file}`,
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...flags] = argv;
  if (command === 'compression' && flags.length === 0) return compression();
  const epochsFlag = flags.find((f) => f.startsWith('--epochs='));
  const unknown = flags.filter((f) => f !== epochsFlag);
  if (command !== 'ood' || unknown.length > 0)
    throw new Error(`unknown command or flag: ${argv.join(' ') || '(none)'}\n${USAGE}`);
  const numEpochs = epochsFlag ? Number(epochsFlag.slice('--epochs='.length)) : 5;
  if (!Number.isInteger(numEpochs) || numEpochs < 1)
    throw new Error(`--epochs must be a whole number ≥ 1, got ${epochsFlag}`);
  const backend = await selectBackend();
  const results = await runOodExperiment({
    fashion: await loadDataset('fashion-mnist'),
    mnist: await loadDataset('mnist'),
    settings: {
      numEpochs,
      trainImages: fastMode ? 200 : 60_000,
      testImages: fastMode ? 200 : 10_000,
      latentDim: VAE_DEFAULTS.latentDim,
      batchSize: VAE_DEFAULTS.batchSize,
      seed: 1,
    },
    command: `${OOD_COMMAND}${epochsFlag ? ` ${epochsFlag}` : ''}`,
    backend: `${backend.active} (${backend.detail})`,
    fast: fastMode,
    runDir: runFolder('vae-fashion'),
    progress: terminalProgress(),
  });
  // A fast-mode run (a code check) never replaces the saved full results.
  const file = fastMode ? path.join(runFolder('vae-fashion'), 'ood-results.json') : OOD_RESULTS_FILE;
  saveOodResults(results, file);
  console.log(`AUROC ${results.auroc.toFixed(3)}; wrote ${file}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`genlab frame: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
