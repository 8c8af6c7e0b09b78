// Training the Transformer language model (src/models/transformer.ts) on characters, in the shared loop. The loop
// batches rows of bytes (it was made for images); a window of character ids is such a row, so a text becomes a set of
// windows of contextLength + 1 ids, each one input and its targets shifted by one.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { LabelledImages } from '../data';
import { checkpointFile, disposeCheckpoint, numberSettings, readCheckpoint, setNetworkWeights } from '../storage';
import { CharVocabulary, Corpus } from '../text';
import { buildTransformer, languageModelLoss, tokenLosses, TransformerConfig, TransformerLM } from '../models';
import { Trainer, stepSeed } from './loop';
import { withSeed } from './seeded';

/** The loop scales bytes to [0, 1] ('unit' range); this undoes it. */
const BYTE_SCALE = 255;

/** Cuts `ids` into windows of `length` + 1 ids that overlap by one (each target is next window's first input). */
export function textWindows(ids: ArrayLike<number>, length: number): LabelledImages {
  if (!(Number.isInteger(length) && length >= 1))
    throw new RangeError(`window length must be a whole number ≥ 1, got ${length}`);
  const count = Math.floor((ids.length - 1) / length);
  if (count < 1)
    throw new RangeError(
      `A text of ${ids.length} tokens holds no window of ${length + 1}: give more text or a shorter context.`,
    );
  const images = new Uint8Array(count * (length + 1));
  for (let w = 0; w < count; w++) {
    for (let t = 0; t <= length; t++) {
      const id = ids[w * length + t];
      if (!(Number.isInteger(id) && id >= 0 && id <= BYTE_SCALE))
        throw new RangeError(`token id ${id} does not fit a byte; windows hold ids 0–255`);
      images[w * (length + 1) + t] = id;
    }
  }
  return { images, labels: new Uint8Array(count), count, height: 1, width: length + 1 };
}

/** A batch of windows from the loop ([B, 1, T + 1, 1] in [0, 1]) as token ids [B, T + 1]. */
export function windowIds(images: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => tf.round(tf.mul(images, BYTE_SCALE)).reshape([images.shape[0], images.shape[2]]) as tf.Tensor2D);
}

export interface Schedule {
  learningRate: number; // the peak
  warmupSteps: number;
  totalSteps: number;
}

/** Linear warm-up to the peak over warmupSteps, then cosine decay to a tenth of it at totalSteps (and flat after). */
export function learningRateAt(step: number, { learningRate, warmupSteps, totalSteps }: Schedule): number {
  if (step < warmupSteps) return (learningRate * (step + 1)) / warmupSteps;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  const floor = learningRate / 10;
  return floor + 0.5 * (learningRate - floor) * (1 + Math.cos(Math.PI * progress));
}

export interface LanguageModelTrainerOptions extends Schedule {
  config: TransformerConfig;
  seed: number;
  /** AdamW's decoupled weight decay, on matrices only (not biases, norms' gains or embeddings' positions). */
  weightDecay: number;
  /** Adam's β₁ and β₂ (nanoGPT's 0.9 and 0.99 for a small character model). */
  adamBeta1: number;
  adamBeta2: number;
  /** Held-out windows (textWindows of the validation ids): bits per character after each epoch. */
  validation: LabelledImages;
}

export type LanguageModelTrainer = Trainer & { lm: TransformerLM };

/** Mean loss over `windows`, in bits per token, computed in batches of `batchSize` windows. */
export function windowsBitsPerToken(lm: TransformerLM, windows: LabelledImages, batchSize = 32): number {
  let nats = 0;
  for (let start = 0; start < windows.count; start += batchSize) {
    const count = Math.min(batchSize, windows.count - start);
    const width = windows.width;
    const loss = tf.tidy(() => {
      const ids = tf.tensor2d(windows.images.subarray(start * width, (start + count) * width), [count, width], 'int32');
      return languageModelLoss(lm, ids);
    });
    nats += loss.dataSync()[0] * count;
    loss.dispose();
  }
  return nats / windows.count / Math.LN2;
}

/**
 * Bits per token of the whole sequence `ids` with every prediction given at least contextLength − `stride` tokens of
 * context (fewer only at the very start): windows of contextLength + 1 ids start every `stride` ids, and each scores
 * only the predictions no earlier window scored, so each of ids[1..] is scored once. Evaluating on separate windows
 * (windowsBitsPerToken) instead leaves a window's first predictions almost without context, which an n-gram model,
 * always given its full order, never suffers. Costs contextLength / stride times as much.
 */
export function slidingBitsPerToken(lm: TransformerLM, ids: ArrayLike<number>, stride: number, batchSize = 32): number {
  const { contextLength } = lm.config;
  if (!(Number.isInteger(stride) && stride >= 1 && stride <= contextLength))
    throw new RangeError(`stride must be a whole number from 1 to the context length ${contextLength}, got ${stride}`);
  if (ids.length < 2) throw new RangeError(`a text of ${ids.length} tokens has nothing to predict: give at least 2`);
  const width = Math.min(contextLength, ids.length - 1) + 1;
  // Window starts: every `stride`, then one flush with the end so the last predictions are scored too.
  const starts: number[] = [];
  for (let start = 0; start + width < ids.length; start += stride) starts.push(start);
  starts.push(ids.length - width);
  let nats = 0;
  let scored = 0; // predictions of ids[1..scored] are counted
  for (let first = 0; first < starts.length; first += batchSize) {
    const batch = starts.slice(first, first + batchSize);
    const rows = new Int32Array(batch.length * width);
    batch.forEach((start, row) => {
      for (let t = 0; t < width; t++) rows[row * width + t] = ids[start + t];
    });
    const losses = tf.tidy(() => tokenLosses(lm, tf.tensor2d(rows, [batch.length, width], 'int32')));
    const values = losses.dataSync();
    losses.dispose();
    batch.forEach((start, row) => {
      // Position t of this window predicts ids[start + t + 1].
      for (let t = Math.max(0, scored - start); t < width - 1; t++) nats += values[row * (width - 1) + t];
      scored = Math.max(scored, start + width - 1);
    });
  }
  return nats / (ids.length - 1) / Math.LN2;
}

/**
 * A Trainer for the Transformer with AdamW (Loshchilov & Hutter 2019, https://arxiv.org/abs/1711.05101: Adam, then
 * w ← w − lr·λ·w), warm-up and cosine decay. Reports the training loss and the validation loss in bits per character.
 */
export function languageModelTrainer(options: LanguageModelTrainerOptions): LanguageModelTrainer {
  const { config, seed, weightDecay, validation, learningRate, warmupSteps, totalSteps, adamBeta1, adamBeta2 } =
    options;
  const lm = withSeed(seed, () => buildTransformer(config));
  const optimizer = tf.train.adam(learningRate, adamBeta1, adamBeta2);
  const decayed = lm.model.trainableWeights.filter(
    (w) => w.shape.length === 2 && !w.originalName.endsWith('positions'),
  );
  const settings: Record<string, number> = {
    ...config,
    learningRate,
    warmupSteps,
    totalSteps,
    weightDecay,
  } as unknown as Record<string, number>;
  return {
    kind: 'lm',
    settings,
    lm,
    networks: { transformer: lm.model },
    optimizers: { transformer: optimizer },
    range: 'unit',
    async step({ images }, seedOfStep) {
      const step = seedOfStep - stepSeed(seed, 1); // 0-based: the loop derives each step's seed from the run's
      const rate = learningRateAt(step, options);
      // tfjs's Adam reads its learning rate on every update; its type hides the field.
      (optimizer as unknown as { learningRate: number }).learningRate = rate;
      const ids = windowIds(images);
      // Seeded: dropout's masks draw from Math.random.
      const loss = withSeed(seedOfStep, () => optimizer.minimize(() => languageModelLoss(lm, ids, true), true)!);
      ids.dispose();
      tf.tidy(() => {
        for (const w of decayed) w.write(tf.mul(w.read(), 1 - rate * weightDecay));
      });
      const nats = (await loss.data())[0];
      loss.dispose();
      return { bitsPerChar: nats / Math.LN2 };
    },
    async evaluate() {
      return { validationBitsPerChar: windowsBitsPerToken(lm, validation) };
    },
  };
}

/** The chapter's settings: the full ones, and fast mode's (a tiny model on a slice of the text, for CI). */
export const LANGUAGE_MODEL_SETTINGS = {
  full: {
    config: { contextLength: 128, modelDim: 128, numLayers: 4, numHeads: 4, dropout: 0.1 },
    numEpochs: 12,
    batchSize: 32,
    learningRate: 2e-3,
    warmupSteps: 100,
    weightDecay: 0.1,
    adamBeta1: 0.9,
    adamBeta2: 0.99,
    trainChars: Infinity,
    validationChars: Infinity,
  },
  fast: {
    config: { contextLength: 32, modelDim: 32, numLayers: 2, numHeads: 2, dropout: 0.1 },
    numEpochs: 2,
    batchSize: 32,
    learningRate: 3e-3,
    warmupSteps: 5,
    weightDecay: 0.1,
    adamBeta1: 0.9,
    adamBeta2: 0.99,
    trainChars: 12_000,
    validationChars: 2_000,
  },
};

export interface LanguageModelRun {
  vocabulary: CharVocabulary;
  /** Windows of contextLength + 1 character ids, for the loop. */
  train: LabelledImages;
  validation: LabelledImages;
  trainer: LanguageModelTrainer;
}

/**
 * Everything the notebook and `genlab train lm` need to train on `corpus`: the vocabulary of its training part, its
 * windows, and the trainer, with the settings of fast mode or the full ones.
 */
export function languageModelRun(
  corpus: Corpus,
  options: { numEpochs: number; batchSize: number; seed: number; fast: boolean },
): LanguageModelRun {
  const settings = options.fast ? LANGUAGE_MODEL_SETTINGS.fast : LANGUAGE_MODEL_SETTINGS.full;
  const trainText = corpus.train.slice(0, settings.trainChars);
  const validationText = corpus.validation.slice(0, settings.validationChars);
  const vocabulary = CharVocabulary.of(trainText);
  const { contextLength } = settings.config;
  const train = textWindows(vocabulary.encode(trainText), contextLength);
  const validation = textWindows(vocabulary.encode(validationText), contextLength);
  const trainer = languageModelTrainer({
    ...settings,
    config: { ...settings.config, vocabularySize: vocabulary.size },
    seed: options.seed,
    validation,
    totalSteps: options.numEpochs * Math.ceil(train.count / options.batchSize),
  });
  return { vocabulary, train, validation, trainer };
}

/** The Transformer saved in `runDir` (by notebook 09 or `genlab train lm`), and the epochs it trained. */
export function loadLanguageModel(runDir: string): { lm: TransformerLM; epochs: number } {
  const file = checkpointFile(runDir);
  if (!fs.existsSync(file)) {
    throw new Error(
      `${runDir} holds no trained language model (no ${file}). Train one with notebook 09 or \`genlab train lm --out=${runDir}\`.`,
    );
  }
  const checkpoint = readCheckpoint(file);
  try {
    if (checkpoint.kind !== 'lm') throw new Error(`${file} holds a ${checkpoint.kind} run, not a language model.`);
    const { dropout } = checkpoint.settings; // runs before dropout was added have none
    const lm = buildTransformer({
      ...numberSettings(
        checkpoint.settings,
        ['vocabularySize', 'contextLength', 'modelDim', 'numLayers', 'numHeads'],
        file,
      ),
      ...(typeof dropout === 'number' ? { dropout } : {}),
    });
    setNetworkWeights(lm.model, checkpoint.networks.transformer ?? [], `${file} (transformer)`);
    return { lm, epochs: checkpoint.epoch };
  } finally {
    disposeCheckpoint(checkpoint);
  }
}
