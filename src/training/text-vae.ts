// Training the sentence VAE (src/models/text-vae.ts) and measuring posterior collapse. With the plain ELBO an LSTM
// decoder, which can model the next word from the previous ones alone, learns to ignore z: the KL term drops to 0 and
// no latent unit stays active. Bowman et al. 2016 (https://arxiv.org/abs/1511.06349, §3.1) propose two cures, both
// here: KL annealing (the KL term's weight rises from 0 to 1 during training) and word dropout (a share of the
// decoder's previous words is replaced by <unk>, so it must take more from z). A third, free bits (Kingma et al. 2016,
// https://arxiv.org/abs/1606.04934), stops charging each latent unit's KL below a floor of λ nats.
import * as tf from '@tensorflow/tfjs';
import { shuffledIndices } from '../data';
import { gaussianKlPerUnit, reparameterise } from '../losses';
import { uniformRng } from '../maths';
import { activeUnits } from '../metrics';
import { buildTextVae, TextVae, TextVaeConfig } from '../models';
import { BOS, EOS, PAD, SentenceData, UNK } from '../text';
import { withSeed } from './seeded';

export interface SentenceBatch {
  encoderInput: tf.Tensor2D; // [B, T] the words, padding first
  decoderInput: tf.Tensor2D; // [B, T] BOS then the words, padding after
  targets: tf.Tensor2D; // [B, T] the words then EOS, padding after
  mask: tf.Tensor2D; // [B, T] 1 where the target is a word or EOS
}

/**
 * Tensors for rows of word ids (each ending in EOS). Each word the decoder reads is replaced by UNK with probability
 * `wordDropout` (Bowman et al.'s word dropout); its first input, BOS, and the targets are never touched.
 */
export function sentenceBatch(
  rows: number[][],
  length: number,
  options: { wordDropout?: number; random?: () => number } = {},
): SentenceBatch {
  const { wordDropout = 0, random = Math.random } = options;
  checkWordDropout(wordDropout);
  const encoderInput: number[][] = [];
  const decoderInput: number[][] = [];
  const targets: number[][] = [];
  for (const row of rows) {
    if (row.length > length || row[row.length - 1] !== EOS)
      throw new RangeError(`a sentence row must end in EOS and hold at most ${length} ids`);
    const pad = new Array(length - row.length).fill(PAD);
    encoderInput.push([...pad, ...row.slice(0, -1), PAD]);
    decoderInput.push([BOS, ...row.slice(0, -1).map((id) => (random() < wordDropout ? UNK : id)), ...pad]);
    targets.push([...row, ...pad]);
  }
  return tf.tidy(() => {
    const t = tf.tensor2d(targets);
    return {
      encoderInput: tf.tensor2d(encoderInput),
      decoderInput: tf.tensor2d(decoderInput),
      targets: t,
      mask: tf.cast(tf.notEqual(t, PAD), 'float32') as tf.Tensor2D,
    };
  });
}

function checkWordDropout(rate: number): void {
  if (!(rate >= 0 && rate <= 1))
    throw new RangeError(`word dropout is the share of words replaced by <unk>: give a rate in [0, 1], not ${rate}`);
}

const disposeBatch = (b: SentenceBatch) => tf.dispose([b.encoderInput, b.decoderInput, b.targets, b.mask]);

/**
 * Per sentence, summed over its words: −log p(x|z) for one z ~ q(z|x) [B], and KL(q(z|x) ‖ N(0, I)) [B], also per
 * latent unit [B, Z] (for free bits).
 */
export function textVaeTerms(vae: TextVae, batch: SentenceBatch, seed: number, training = false): TextVaeTerms {
  return tf.tidy(() => {
    const [mu, logVar] = vae.encoder.apply(batch.encoderInput, { training }) as tf.Tensor2D[];
    const z = reparameterise(mu, logVar, seed);
    const logits = vae.decoder.apply([batch.decoderInput, z], { training }) as tf.Tensor3D;
    const oneHot = tf.cast(tf.oneHot(tf.cast(batch.targets, 'int32'), vae.config.vocabularySize), 'float32');
    const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), oneHot), -1)); // [B, T]
    const klPerUnit = gaussianKlPerUnit(mu, logVar);
    return {
      reconstruction: tf.sum(tf.mul(nll, batch.mask), -1) as tf.Tensor1D,
      kl: tf.sum(klPerUnit, -1) as tf.Tensor1D,
      klPerUnit,
    };
  });
}

export interface TextVaeTerms {
  reconstruction: tf.Tensor1D;
  kl: tf.Tensor1D;
  klPerUnit: tf.Tensor2D;
}

/**
 * The training loss per sentence: mean reconstruction + β Σ_j max(λ, mean KL_j), the KL of each latent unit j averaged
 * over the batch. With λ = 0 (no free bits) that is the mean of reconstruction + β KL; with λ > 0 a unit whose KL is
 * below λ nats costs a constant, so nothing pushes it to carry less than λ nats about the sentence.
 */
export function textVaeLoss(terms: TextVaeTerms, klWeight: number, freeBits: number): tf.Scalar {
  return tf.tidy(() => {
    const klPerUnit = tf.maximum(tf.mean(terms.klPerUnit, 0), freeBits); // [Z]
    return tf.add(tf.mean(terms.reconstruction), tf.mul(tf.sum(klPerUnit), klWeight)) as tf.Scalar;
  });
}

/** The KL weight of Bowman et al.'s annealing, as a linear ramp: 0 at the start, 1 after `annealSteps` (0: always 1). */
export function klWeightAt(step: number, annealSteps: number): number {
  return annealSteps > 0 ? Math.min(1, step / annealSteps) : 1;
}

export interface TextVaeVariant {
  name: string;
  /** The KL weight rises linearly from 0 to 1 over this many steps (0: 1 from the start). */
  annealSteps: number;
  /** The share of the decoder's input words replaced by <unk>. */
  wordDropout: number;
  /** λ, nats per latent unit below which the KL is not charged (0: the ELBO's KL). */
  freeBits: number;
}

export interface TextVaeSettings {
  config: Omit<TextVaeConfig, 'vocabularySize' | 'length'>;
  numEpochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface TextVaeEvaluation {
  /** Held-out, in nats per sentence: −ELBO = reconstruction + KL, with KL weight 1 and no word dropout. */
  negativeElbo: number;
  reconstruction: number;
  kl: number;
  activeUnits: number;
}

export interface TextVaeEpoch extends TextVaeEvaluation {
  epoch: number;
  seconds: number;
  trainLoss: number;
  klWeight: number;
}

/** The held-out measures of a trained text VAE on `rows`, z drawn with `seed`. */
export function evaluateTextVae(vae: TextVae, rows: number[][], seed: number): TextVaeEvaluation {
  let [reconstruction, kl] = [0, 0];
  for (let start = 0; start < rows.length; start += 256) {
    const batch = sentenceBatch(rows.slice(start, start + 256), vae.config.length);
    const terms = textVaeTerms(vae, batch, seed + start);
    reconstruction += tf.tidy(() => terms.reconstruction.sum().dataSync()[0]);
    kl += tf.tidy(() => terms.kl.sum().dataSync()[0]);
    tf.dispose([terms.reconstruction, terms.kl, terms.klPerUnit]);
    disposeBatch(batch);
  }
  const encoderInput = sentenceBatch(rows, vae.config.length);
  const units = activeUnits(
    (ids) => {
      const [mu, logVar] = vae.encoder.predict(ids) as tf.Tensor2D[];
      return { mu, logVar };
    },
    encoderInput.encoderInput,
    256,
  );
  disposeBatch(encoderInput);
  const n = rows.length;
  return {
    negativeElbo: (reconstruction + kl) / n,
    reconstruction: reconstruction / n,
    kl: kl / n,
    activeUnits: units.count,
  };
}

/**
 * Trains one variant from scratch (same seed, so the variants differ only in their cure) and evaluates it on the
 * held-out sentences after each epoch. `onEpoch` sees each epoch's record (live progress in a notebook).
 */
export async function trainTextVae(
  data: SentenceData,
  variant: TextVaeVariant,
  settings: TextVaeSettings,
  onEpoch?: (record: TextVaeEpoch) => void,
): Promise<{ vae: TextVae; history: TextVaeEpoch[] }> {
  const { numEpochs, batchSize, learningRate, seed } = settings;
  checkWordDropout(variant.wordDropout);
  if (!(variant.freeBits >= 0 && variant.annealSteps >= 0))
    throw new RangeError(
      `the ${variant.name} variant needs free bits ≥ 0 nats and annealing steps ≥ 0, not ${variant.freeBits} and ${variant.annealSteps}`,
    );
  const vae = withSeed(seed, () =>
    buildTextVae({ ...settings.config, vocabularySize: data.vocabulary.size, length: data.length }),
  );
  const optimizer = tf.train.adam(learningRate);
  const random = uniformRng(`text-vae:${seed}`);
  const history: TextVaeEpoch[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= numEpochs; epoch++) {
    const started = performance.now();
    const order = Array.from(shuffledIndices(data.train.length, seed * 1_000 + epoch));
    let lossSum = 0;
    let steps = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.slice(start, start + batchSize).map((i) => data.train[i]);
      const batch = sentenceBatch(rows, data.length, { wordDropout: variant.wordDropout, random });
      const klWeight = klWeightAt(step, variant.annealSteps);
      const loss = optimizer.minimize(() => {
        const terms = textVaeTerms(vae, batch, seed * 100_000 + step, true);
        return textVaeLoss(terms, klWeight, variant.freeBits);
      }, true) as tf.Scalar;
      lossSum += (await loss.data())[0];
      loss.dispose();
      disposeBatch(batch);
      steps++;
      step++;
      if (!Number.isFinite(lossSum))
        throw new Error(
          `The ${variant.name} text VAE's loss is not finite at step ${step}: try a lower learning rate.`,
        );
      await new Promise((resolve) => setImmediate(resolve));
    }
    const record = {
      epoch,
      seconds: (performance.now() - started) / 1000,
      trainLoss: lossSum / steps,
      klWeight: klWeightAt(step, variant.annealSteps),
      ...evaluateTextVae(vae, data.validation, seed + 1),
    };
    history.push(record);
    onEpoch?.(record);
  }
  return { vae, history };
}

/** Greedy decoding of latent codes z [N, Z]: each position takes the most likely word given z and the words before. */
export function decodeGreedy(vae: TextVae, z: tf.Tensor2D): number[][] {
  const [n] = z.shape;
  const { length } = vae.config;
  const words: number[][] = Array.from({ length: n }, () => []);
  for (let t = 0; t < length; t++) {
    const next = tf.tidy(() => {
      const input = tf.tensor2d(words.map((w) => [BOS, ...w, ...new Array(length - 1 - w.length).fill(PAD)]));
      const logits = vae.decoder.predict([input, z]) as tf.Tensor3D;
      return logits
        .slice([0, t, 0], [n, 1, vae.config.vocabularySize])
        .reshape([n, -1])
        .argMax(-1)
        .arraySync() as number[];
    });
    next.forEach((id, i) => words[i].push(id));
  }
  return words;
}

/** The posterior means of two sentences and the greedy decodings of `steps` points on the straight line between them. */
export function interpolateSentences(vae: TextVae, a: number[], b: number[], steps: number): number[][] {
  return tf.tidy(() => {
    const { encoderInput } = sentenceBatch([a, b], vae.config.length);
    const [mu] = vae.encoder.predict(encoderInput) as tf.Tensor2D[];
    const [za, zb] = [mu.slice([0, 0], [1, -1]), mu.slice([1, 0], [1, -1])];
    const t = tf.linspace(0, 1, steps).reshape([steps, 1]);
    const path = tf.add(tf.mul(tf.sub(1, t), za), tf.mul(t, zb)) as tf.Tensor2D;
    return decodeGreedy(vae, path);
  });
}

/** Chapter 10's experiment: the data, the model and the four variants, at full settings and in fast mode. */
export const TEXT_VAE_EXPERIMENT = {
  data: { minWords: 4, maxWords: 12, vocabularySize: 2000, maxUnknown: 1 },
  full: {
    settings: {
      config: { embeddingDim: 32, hiddenDim: 64, latentDim: 16 },
      numEpochs: 8, // 4 variants × 8 epochs × 87 steps: sized to 45 minutes of a busy 2-core machine (it took 26)
      batchSize: 32,
      learningRate: 2e-3,
      seed: 1,
    },
    trainSentences: Infinity,
  },
  fast: {
    settings: {
      config: { embeddingDim: 16, hiddenDim: 16, latentDim: 4 },
      numEpochs: 2,
      batchSize: 32,
      learningRate: 2e-3,
      seed: 1,
    },
    trainSentences: 128,
  },
  /** annealSteps: the KL weight reaches 1 after this share of all steps. */
  variants: [
    { name: 'plain ELBO', annealShare: 0, wordDropout: 0, freeBits: 0 },
    { name: 'KL annealing', annealShare: 0.5, wordDropout: 0, freeBits: 0 },
    { name: 'KL annealing + word dropout', annealShare: 0.5, wordDropout: 0.5, freeBits: 0 },
    { name: 'annealing + word dropout + free bits', annealShare: 0.5, wordDropout: 0.5, freeBits: 0.25 },
  ],
};

export interface TextVaeRunResult {
  variant: TextVaeVariant;
  history: TextVaeEpoch[];
  /** Held-out sentences and their greedy reconstructions from the posterior mean. */
  reconstructions: { sentence: string; reconstruction: string }[];
  /** Greedy decodings along the straight line between the posterior means of two held-out sentences. */
  interpolation: string[];
}

/** Trains every variant of the experiment (fast or full) on `data` and measures each. */
export async function runTextVaeExperiment(
  data: SentenceData,
  fast: boolean,
  onEpoch?: (variant: string, record: TextVaeEpoch) => void,
): Promise<TextVaeRunResult[]> {
  const { settings, trainSentences } = fast ? TEXT_VAE_EXPERIMENT.fast : TEXT_VAE_EXPERIMENT.full;
  const subset = { ...data, train: data.train.slice(0, trainSentences) };
  const totalSteps = settings.numEpochs * Math.ceil(subset.train.length / settings.batchSize);
  const results: TextVaeRunResult[] = [];
  for (const { name, annealShare, wordDropout, freeBits } of TEXT_VAE_EXPERIMENT.variants) {
    const variant = { name, annealSteps: Math.round(annealShare * totalSteps), wordDropout, freeBits };
    const { vae, history } = await trainTextVae(subset, variant, settings, (record) => onEpoch?.(name, record));
    const shown = data.validation.slice(0, 4);
    const means = tf.tidy(
      () => (vae.encoder.predict(sentenceBatch(shown, data.length).encoderInput) as tf.Tensor2D[])[0],
    );
    const decoded = decodeGreedy(vae, means);
    means.dispose();
    const [a, b] = [data.validation[0], data.validation[1]];
    results.push({
      variant,
      history,
      reconstructions: shown.map((row, i) => ({
        sentence: data.vocabulary.decode(row),
        reconstruction: data.vocabulary.decode(decoded[i]),
      })),
      interpolation: interpolateSentences(vae, a, b, 5).map((ids) => data.vocabulary.decode(ids)),
    });
    vae.encoder.dispose();
    vae.decoder.dispose();
  }
  return results;
}
