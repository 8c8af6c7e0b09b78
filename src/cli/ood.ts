// `genlab ood`, a long run of chapter 13: trains the conv VAE on Fashion-MNIST (resumable: run it again after an
// interruption) and scores MNIST with it, into notebooks/results/frame/, which the notebook reads.
import * as path from 'path';
import { selectBackend } from '../backend';
import { fastMode } from '../config';
import { loadDataset } from '../data';
import { OOD_COMMAND, runOodExperiment, saveOodResults, OOD_RESULTS_FILE } from '../ood';
import { runFolder } from '../storage';
import { terminalProgress, VAE_DEFAULTS } from '../training';
import { OodArgs } from './args';

export async function ood({ numEpochs }: OodArgs): Promise<void> {
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
    command: `${OOD_COMMAND} --epochs=${numEpochs}`,
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
