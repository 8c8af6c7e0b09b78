#!/usr/bin/env node
// `genlab train classifier|gan|vae`: the notebooks' training, from a terminal. Writes into the run folder a checkpoint
// and metrics.json after each epoch, and a PNG grid per epoch.
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../backend';
import { fastMode } from '../config';
import { imagesToTensor, loadMnist, Dataset } from '../data';
import { imageGrid } from '../plots';
import { checkpointFile, classifierTrainer, EpochRecord, firstImages, fit, FitOptions, metricsFile, predictClasses, terminalProgress, Trainer } from '../training';
import { parseTrainArgs, TrainArgs, USAGE, UsageError } from './args';

/** What the loop needs for one model: its trainer, its data, and what to draw after each epoch. */
interface Run {
  trainer: Trainer;
  data: FitOptions['data'];
  onEpoch(record: EpochRecord): Promise<void>;
}

function classifierRun(args: TrainArgs, mnist: Dataset): Run {
  const test = fastMode ? firstImages(mnist.test, 500) : mnist.test;
  const trainer = classifierTrainer(test, args.seed);
  return {
    trainer,
    data: fastMode ? firstImages(mnist.train, 1000) : mnist.train,
    async onEpoch(record) {
      // The test digits it still gets wrong: the most telling picture of a classifier.
      const predicted = await predictClasses(trainer.model, test);
      const wrong = Array.from(predicted.keys()).filter((i) => predicted[i] !== test.labels[i]).slice(0, 64);
      if (wrong.length === 0) return;
      const images = imagesToTensor(test, wrong, 'unit');
      writePng(args.outDir, `misclassified-epoch-${record.epoch}.png`, imageGrid(images, { columns: 16, scale: 2 }));
      images.dispose();
    },
  };
}

function writePng(dir: string, name: string, png: Uint8Array): void {
  fs.writeFileSync(path.join(dir, name), png);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const args = parseTrainArgs(argv);
  if (args.resume && !fs.existsSync(checkpointFile(args.outDir))) {
    throw new UsageError(`--resume: ${args.outDir} holds no checkpoint.bin to continue; drop --resume to start a run there.`);
  }
  await selectBackend();
  const mnist = await loadMnist();
  const run = classifierRun(args, mnist);
  const fitOptions = { numEpochs: args.numEpochs, batchSize: args.batchSize, seed: args.seed, runDir: args.outDir, resume: args.resume };
  console.log(`training ${args.model}: ${JSON.stringify(fitOptions)}${fastMode ? ' (fast mode: a small part of MNIST)' : ''}`);
  // A signal can only arrive between two steps, never inside the synchronous checkpoint write, so exiting is safe.
  process.once('SIGINT', () => {
    console.log(`\ninterrupted; the last checkpoint in ${args.outDir} is intact. Continue with --resume.`);
    process.exit(130);
  });
  const state = await fit(run.trainer, { ...fitOptions, data: run.data, progress: terminalProgress(), onEpoch: run.onEpoch });
  const seconds = state.history.reduce((sum, r) => sum + r.seconds, 0);
  console.log(`done: ${state.epoch} epochs, ${state.step} steps, ${Math.round(seconds)} s of training in all. ` +
    `Checkpoint ${checkpointFile(args.outDir)}, metrics ${metricsFile(args.outDir)}.`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`genlab: ${message}`);
  if (error instanceof UsageError) console.error(`\n${USAGE}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
