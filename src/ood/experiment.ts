// Chapter 13's out-of-distribution experiment: train the conv VAE of chapter 06 on Fashion-MNIST, then score the
// Fashion-MNIST and MNIST test images with it. The CLI (`genlab ood`) runs it at full settings and saves the
// results; the notebook's fast mode runs a tiny version through the same code.
import * as fs from 'fs';
import * as path from 'path';
import { Dataset, imagesToTensor, LabelledImages } from '../data';
import { checkpointFile } from '../storage';
import { firstImages, fit, TrainingProgress, vaeTrainer } from '../training';
import { likelihoodDetection } from './likelihood-detector';
import { FRAME_RESULTS_DIRECTORY, readResultsFile, writeResultsFile } from './files';

export interface OodSettings {
  numEpochs: number;
  /** Fashion-MNIST training images used (all 60,000 at full settings). */
  trainImages: number;
  /** Test images scored from each dataset (all 10,000 at full settings). */
  testImages: number;
  latentDim: number;
  batchSize: number;
  seed: number;
}

export interface OodResults {
  command: string;
  backend: string;
  fast: boolean;
  settings: OodSettings;
  startedAt: string;
  finishedAt: string;
  /** Seconds of training, summed over epochs (also over resumed sessions). */
  trainSeconds: number;
  /** The Fashion-MNIST test negative ELBO after each epoch, nats per image. */
  testNegElboPerEpoch: number[];
  /** −ELBO of each Fashion-MNIST test image (the training distribution), nats, to 0.1. */
  fashionScores: number[];
  /** −ELBO of each MNIST test image (never seen in training), nats, to 0.1. */
  mnistScores: number[];
  /** AUROC of −ELBO as a detector of MNIST among Fashion-MNIST test images. */
  auroc: number;
}

export const OOD_RESULTS_FILE = path.join(FRAME_RESULTS_DIRECTORY, 'ood-fashion-vae.json');
export const OOD_COMMAND = 'nice -n 19 node dist/cli/main.js ood';

/** Trains (resuming from runDir's checkpoint when it holds one) and scores; returns the results to save. */
export async function runOodExperiment(options: {
  fashion: Dataset;
  mnist: Dataset;
  settings: OodSettings;
  command: string;
  backend: string;
  fast: boolean;
  runDir?: string;
  progress?: TrainingProgress;
}): Promise<OodResults> {
  const { fashion, mnist, settings, runDir } = options;
  const startedAt = new Date().toISOString();
  const fashionTest = firstImages(fashion.test, settings.testImages);
  const trainer = vaeTrainer({ latentDim: settings.latentDim, seed: settings.seed, test: fashionTest });
  const state = await fit(trainer, {
    data: firstImages(fashion.train, settings.trainImages),
    numEpochs: settings.numEpochs,
    batchSize: settings.batchSize,
    seed: settings.seed,
    runDir,
    resume: runDir !== undefined && fs.existsSync(checkpointFile(runDir)),
    progress: options.progress,
    resumeCommand: options.command,
  });
  const fashionImages = unitImages(fashionTest);
  const mnistImages = unitImages(firstImages(mnist.test, settings.testImages));
  const detection = likelihoodDetection(trainer.vae, fashionImages, mnistImages, settings.seed + 7);
  fashionImages.dispose();
  mnistImages.dispose();
  const round = (scores: Float64Array) => Array.from(scores, (s) => Math.round(s * 10) / 10);
  return {
    command: options.command,
    backend: options.backend,
    fast: options.fast,
    settings,
    startedAt,
    finishedAt: new Date().toISOString(),
    trainSeconds: state.history.reduce((sum, r) => sum + r.seconds, 0),
    testNegElboPerEpoch: state.history.map((r) => r.metrics.testNegElbo),
    fashionScores: round(detection.inScores),
    mnistScores: round(detection.outScores),
    auroc: detection.auroc,
  };
}

export const saveOodResults = (results: OodResults, file = OOD_RESULTS_FILE) => writeResultsFile(file, results);
export const loadOodResults = (file = OOD_RESULTS_FILE) => readResultsFile<OodResults>(file, 'auroc', OOD_COMMAND);

function unitImages(set: LabelledImages) {
  return imagesToTensor(
    set,
    Array.from({ length: set.count }, (_, i) => i),
    'unit',
  );
}
