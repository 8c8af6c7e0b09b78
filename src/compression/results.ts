// The compression sweep as a results file (notebooks/results/frame/compression-dcgan.json), made by
// `genlab compression` from chapter 05's DCGAN (the user's runs/gan, else the shipped trained/gan) and read by chapter 13 at full settings.
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { imagesToTensor, LabelledImages } from '../data';
import { tfSeed } from '../maths';
import { FRAME_RESULTS_DIRECTORY, readResultsFile, writeResultsFile } from '../ood';
import { repositoryRelative } from '../storage';
import { loadGenerator } from './generator';
import { COMPRESSION_VARIANTS, CompressionRow, measureCompression, realFeatureMoments } from './sweep';

export interface CompressionResults {
  command: string;
  backend: string;
  finishedAt: string;
  /** The run folder of the generator, and how far it had trained. */
  checkpoint: { runDir: string; architecture: string; epochs: number; steps: number };
  samples: number;
  rows: CompressionRow[];
}

export const COMPRESSION_RESULTS_FILE = path.join(FRAME_RESULTS_DIRECTORY, 'compression-dcgan.json');
export const COMPRESSION_COMMAND = 'nice -n 19 node dist/cli/main.js compression';

/** Loads the generator in `runDir` and measures every variant on `samples` images against the first real test images. */
export function runCompressionSweep(options: {
  runDir: string;
  evaluator: tf.Sequential;
  realTest: LabelledImages;
  samples: number;
  seed: number;
  command: string;
  backend: string;
}): CompressionResults {
  const { runDir, evaluator, realTest, samples, seed } = options;
  const { generator, latentDim, architecture, epochs, steps } = loadGenerator(runDir);
  const realImages = imagesToTensor(
    realTest,
    Array.from({ length: samples }, (_, i) => i),
    'unit',
  );
  const real = realFeatureMoments(evaluator, realImages);
  realImages.dispose();
  const z = tf.randomNormal([samples, latentDim], 0, 1, 'float32', tfSeed(seed)) as tf.Tensor2D;
  try {
    const rows = measureCompression({ generator, evaluator, real, z, variants: COMPRESSION_VARIANTS });
    return {
      command: options.command,
      backend: options.backend,
      finishedAt: new Date().toISOString(),
      checkpoint: { runDir: repositoryRelative(runDir), architecture, epochs, steps },
      samples,
      rows,
    };
  } finally {
    z.dispose();
    generator.dispose();
  }
}

export const saveCompressionResults = (results: CompressionResults, file = COMPRESSION_RESULTS_FILE) =>
  writeResultsFile(file, results);
export const loadCompressionResults = (file = COMPRESSION_RESULTS_FILE) =>
  readResultsFile<CompressionResults>(file, 'rows', COMPRESSION_COMMAND);
