// `genlab evaluate vae`: the test log-likelihood of a trained VAE by importance sampling, from a terminal. Hours at full
// settings on a CPU, so it shows progress and saves its result (iwae.json) in the run folder, where notebook 06 reads it.
import { selectBackend } from '../backend';
import { loadMnist } from '../data';
import { progressBar } from '../plots';
import { likelihoodFile } from '../storage';
import { formatDuration, loadVae, runLikelihood } from '../training';
import { EvaluateArgs } from './args';

export async function evaluateVae(args: EvaluateArgs): Promise<void> {
  const { outDir, ...settings } = args;
  await selectBackend();
  const { vae, epochs, steps } = loadVae(outDir);
  const { test } = await loadMnist();
  console.log(
    `importance sampling: ${settings.samples} draws of z for each of the first ${settings.images} test digits ` +
      `(binarised once), VAE of ${outDir} after ${epochs} epochs (${steps} steps)`,
  );
  const bar = progressBar('test digits', settings.images);
  const estimate = await runLikelihood(outDir, vae, { epochs, steps }, test, settings, () => bar.tick());
  bar.stop();
  for (const { k, mean, standardError } of estimate.bounds) {
    console.log(`k = ${k}: log p(x) ≥ L_k ≈ ${mean.toFixed(2)} ± ${standardError.toFixed(2)} nats per digit`);
  }
  console.log(
    `${estimate.loaded ? 'read from' : 'saved in'} ${likelihoodFile(outDir)}; ` +
      `computing it took ${formatDuration(estimate.seconds)}.`,
  );
}
