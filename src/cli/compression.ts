// `genlab compression`, a run of chapter 13: quantises and prunes the DCGAN of chapter 05 (runs/gan, else the shipped
// trained/gan) and scores each variant with the evaluator, into notebooks/results/frame/, which the notebook reads.
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
import { loadClassifier } from '../evaluator';
import { runFolder, trainedRunFolder } from '../storage';

export async function compression(): Promise<void> {
  const backend = await selectBackend();
  const mnist = await loadDataset('mnist');
  const results = runCompressionSweep({
    runDir: trainedRunFolder('gan'),
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
