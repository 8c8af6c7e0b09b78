// The trained generator of a GAN run folder (chapter 05's DCGAN, or the MLP GAN), for measuring what compression costs.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { buildDcgan, buildMlpGan } from '../models';
import { checkpointFile, disposeCheckpoint, numberSettings, readCheckpoint, setNetworkWeights } from '../storage';

export interface TrainedGenerator {
  generator: tf.LayersModel;
  latentDim: number;
  architecture: 'conv' | 'mlp';
  /** Epochs completed, and training steps, when the checkpoint was written. */
  epochs: number;
  steps: number;
}

/** The generator saved in `runDir` by notebook 05 or `genlab train gan`. */
export function loadGenerator(runDir: string): TrainedGenerator {
  const file = checkpointFile(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${runDir} holds no trained GAN (no ${file}). Train one with notebook 05 or \`genlab train gan --out=${runDir}\`.`,
    );
  }
  const checkpoint = readCheckpoint(file);
  try {
    if (checkpoint.kind !== 'gan') throw new Error(`${file} holds a ${checkpoint.kind} run, not a GAN.`);
    const architecture = checkpoint.settings.architecture === 'mlp' ? 'mlp' : 'conv';
    const { latentDim } = numberSettings(checkpoint.settings, ['latentDim'], file);
    const { generator, discriminator } = architecture === 'mlp' ? buildMlpGan(latentDim) : buildDcgan(latentDim);
    discriminator.dispose();
    setNetworkWeights(generator, checkpoint.networks.generator ?? [], `${file} (generator)`);
    return { generator, latentDim, architecture, epochs: checkpoint.epoch, steps: checkpoint.step };
  } finally {
    disposeCheckpoint(checkpoint);
  }
}
