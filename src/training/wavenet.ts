// Training a WaveNet (src/models/wavenet.ts) in the shared loop: each "image" of the data is a window of μ-law codes
// (speechWindows), read in the 'signed' range, which is exactly the companded value 2c/255 − 1 the network takes as
// input. The loss is the cross-entropy of the next code, reported in bits per sample; after each epoch, the same on
// held-out clips.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { codeToCompanded, LEVELS, MU, muLawEncode } from '../audio';
import { loadSpeech, speechWindows, SpeechCorpus } from '../audio';
import { LabelledImages } from '../data';
import { fastMode } from '../config';
import { buildWaveNet, doublingDilations, receptiveField, WaveNetConfig } from '../models';
import {
  checkpointFile,
  disposeCheckpoint,
  numberSettings,
  readCheckpoint,
  RunSettings,
  setNetworkWeights,
} from '../storage';
import { Trainer } from './loop';
import { withSeed } from './seeded';

/** What chapter 11 and `genlab train wavenet` train: the network, and how the speech is cut into windows. */
export interface WaveNetRecipe {
  config: WaveNetConfig;
  /** Codes each training window predicts, after its first receptive field of context. */
  predictionsPerWindow: number;
  /** Samples between the starts of two windows of a clip. */
  windowStride: number;
  /** Only the first files of the corpus, in name order (fast mode). */
  maxFiles: number;
  /** Only the first training windows (fast mode). */
  maxWindows: number;
  /** Adam's learning rate. */
  learningRate: number;
  numEpochs: number;
  /** Windows per step. */
  batchSize: number;
}

/**
 * Full settings: dilations 1…64 twice (a receptive field of 256 samples, 32 ms), 16 residual and gate channels, 32 skip
 * channels; windows of 2,048 predictions starting every 8,192 samples of all nine files in ten (a quarter of the
 * training speech, sized so that an epoch takes minutes to tens of minutes on a 2-core CPU). Fast mode: one stack of 4 layers of 8 channels,
 * a few windows.
 */
export const WAVENET_RECIPE: WaveNetRecipe = fastMode
  ? {
      config: { dilations: doublingDilations(4, 1), residualChannels: 8, gateChannels: 8, skipChannels: 16 },
      predictionsPerWindow: 256,
      windowStride: 256,
      maxFiles: 20,
      maxWindows: 48,
      learningRate: 2e-3,
      numEpochs: 2,
      batchSize: 4,
    }
  : {
      config: { dilations: doublingDilations(7, 2), residualChannels: 16, gateChannels: 16, skipChannels: 32 },
      predictionsPerWindow: 2048,
      windowStride: 8192,
      maxFiles: Infinity,
      maxWindows: Infinity,
      learningRate: 2e-3,
      numEpochs: 2,
      batchSize: 4,
    };

/** The corpus, its training windows and its held-out clips as μ-law codes. */
export interface SpeechTrainingSet {
  corpus: SpeechCorpus;
  windows: LabelledImages;
  heldOut: Uint8Array[];
}

/** What the notebook and `genlab train wavenet` train on, cut by the recipe: the two must agree for one to load the other's run. */
export function speechTrainingSet(recipe: WaveNetRecipe = WAVENET_RECIPE): SpeechTrainingSet {
  const corpus = loadSpeech({ maxFiles: recipe.maxFiles });
  const field = receptiveField(recipe.config.dilations);
  const all = speechWindows(corpus.train, field + recipe.predictionsPerWindow, recipe.windowStride);
  const count = Math.min(all.count, recipe.maxWindows);
  const windows = {
    ...all,
    count,
    images: all.images.subarray(0, count * all.width),
    labels: all.labels.subarray(0, count),
  };
  return { corpus, windows, heldOut: corpus.heldOut.map((clip) => muLawEncode(clip.samples)) };
}

export interface WaveNetTrainerOptions {
  config: WaveNetConfig;
  seed: number;
  /** μ-law codes of held-out clips, scored after each epoch; without them, no held-out metric. */
  heldOut?: Uint8Array[];
  learningRate?: number;
}

export type WaveNetTrainer = Trainer & { model: tf.LayersModel; receptiveField: number };

/** A Trainer for a new WaveNet with Adam, which minimises the bits per sample of the windows' last codes. */
export function waveNetTrainer(options: WaveNetTrainerOptions): WaveNetTrainer {
  const { config, seed, heldOut, learningRate = WAVENET_RECIPE.learningRate } = options;
  const model = withSeed(seed, () => buildWaveNet(config));
  const optimizer = tf.train.adam(learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const field = receptiveField(config.dilations);
  return {
    kind: 'wavenet',
    settings: waveNetSettings(config, learningRate),
    model,
    receptiveField: field,
    networks: { wavenet: model },
    optimizers: { wavenet: optimizer },
    range: 'signed',
    async step({ images }) {
      const [, , length] = images.shape;
      if (length <= field)
        throw new RangeError(
          `windows of ${length} samples leave nothing to predict after the receptive field of ${field}.`,
        );
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const windows = images.reshape([images.shape[0], length]) as tf.Tensor2D;
            return windowBits(model, windows, field, true);
          }),
        true,
        variables,
      )!;
      const bits = (await loss.data())[0];
      loss.dispose();
      return { bits };
    },
    async evaluate(): Promise<Record<string, number>> {
      return heldOut ? { heldOutBits: waveNetBits(model, heldOut, field) } : {};
    },
  };
}

/** The settings a resumed run must match: the architecture, the dilations as one list '1,2,4'. */
function waveNetSettings(config: WaveNetConfig, learningRate: number): RunSettings {
  return {
    residualChannels: config.residualChannels,
    gateChannels: config.gateChannels,
    skipChannels: config.skipChannels,
    learningRate,
    dilations: config.dilations.join(','),
  };
}

/**
 * Mean cross-entropy in bits of the codes after the receptive field, for windows of companded values [n, length]: the
 * network reads all but the last sample and predicts samples R..length−1.
 */
function windowBits(model: tf.LayersModel, windows: tf.Tensor2D, field: number, training: boolean): tf.Scalar {
  const [n, length] = windows.shape;
  const inputs = windows.slice([0, 0], [n, length - 1]).expandDims(2);
  const logits = (model.apply(inputs, { training }) as tf.Tensor3D).reshape([n * (length - field), LEVELS]);
  const codes = windows
    .slice([0, field], [n, length - field])
    .add(1)
    .mul(MU / 2)
    .round()
    .reshape([-1])
    .toInt();
  const nats = tf.losses.softmaxCrossEntropy(tf.oneHot(codes as tf.Tensor1D, LEVELS), logits) as tf.Scalar;
  return nats.div(Math.LN2);
}

/**
 * Bits per sample of each clip's codes from position R on (R the receptive field), scored clip by clip in chunks of
 * `chunk` predictions: the network's held-out cross-entropy, comparable with the baselines' (src/audio/baselines.ts).
 */
export function waveNetBits(model: tf.LayersModel, clips: Uint8Array[], field: number, chunk = 8192): number {
  let sum = 0;
  let count = 0;
  for (const codes of clips) {
    for (let start = field; start < codes.length; start += chunk) {
      const end = Math.min(codes.length, start + chunk);
      const window = Float32Array.from(codes.subarray(start - field, end), codeToCompanded);
      const bits = tf.tidy(
        () => windowBits(model, tf.tensor2d(window, [1, window.length]), field, false).dataSync()[0],
      );
      sum += bits * (end - start);
      count += end - start;
    }
  }
  if (count === 0)
    throw new Error(`No clip is longer than the receptive field of ${field} samples, so there is nothing to score.`);
  return sum / count;
}

/** The WaveNet saved in run folder `runDir` (by notebook 11 or `genlab train wavenet`), and the epochs it trained. */
export function loadWaveNet(runDir: string): { model: tf.LayersModel; config: WaveNetConfig; epochs: number } {
  const file = checkpointFile(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${runDir} holds no trained WaveNet (no ${file}). Train one with notebook 11 or \`genlab train wavenet --out=${runDir}\`.`,
    );
  }
  const checkpoint = readCheckpoint(file);
  try {
    if (checkpoint.kind !== 'wavenet') throw new Error(`${file} holds a ${checkpoint.kind} run, not a WaveNet.`);
    const { dilations } = checkpoint.settings;
    if (typeof dilations !== 'string')
      throw new Error(`${file} does not record its dilations, so the network cannot be rebuilt.`);
    const channels = numberSettings(checkpoint.settings, ['residualChannels', 'gateChannels', 'skipChannels'], file);
    const config = { dilations: dilations.split(',').map(Number), ...channels };
    const model = buildWaveNet(config);
    setNetworkWeights(model, checkpoint.networks.wavenet ?? [], `${file} (wavenet)`);
    return { model, config, epochs: checkpoint.epoch };
  } finally {
    disposeCheckpoint(checkpoint);
  }
}
