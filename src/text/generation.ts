// Writing text with a trained character model, and measuring what each way of sampling trades: variety (distinct
// n-grams) against how likely the model itself finds the text (its loss on it).
import * as tf from '@tensorflow/tfjs';
import { uniformRng } from '../maths';
import { TransformerLM, transformerLogits } from '../models';
import { distinctNgrams, drawIndex, samplingDistribution, SamplingOptions } from './sampling';
import { CharVocabulary } from './vocabulary';

export interface Generated {
  texts: string[];
  /** The model's own loss on the characters it chose, in bits per character, with its unmodified distribution. */
  bitsPerChar: number;
}

/**
 * `count` continuations of `prompt`, `length` characters each, drawn together. The model reads at most its context
 * length: older characters fall out of the window. `seed` fixes the draws.
 */
export function generateText(
  lm: TransformerLM,
  vocabulary: CharVocabulary,
  prompt: string,
  options: SamplingOptions & { length: number; count?: number; seed: number },
): Generated {
  const { length, count = 1, seed } = options;
  const promptIds = Array.from(vocabulary.encode(prompt));
  if (promptIds.length === 0) throw new RangeError('The prompt is empty: give at least one character to continue.');
  samplingDistribution(new Float32Array(1), options); // checks the options before any work
  const random = uniformRng(`generate:${seed}`);
  const rows = Array.from({ length: count }, () => [...promptIds]);
  let bits = 0;
  for (let step = 0; step < length; step++) {
    const window = rows.map((ids) => ids.slice(-lm.config.contextLength));
    const last = tf.tidy(() => {
      const logits = transformerLogits(lm, tf.tensor2d(window, [count, window[0].length]));
      return logits.slice([0, window[0].length - 1, 0], [count, 1, lm.config.vocabularySize]).reshape([count, -1]);
    });
    const values = last.arraySync() as number[][];
    const logProbabilities = tf.tidy(() => tf.logSoftmax(last).arraySync() as number[][]);
    last.dispose();
    rows.forEach((ids, i) => {
      const next = drawIndex(samplingDistribution(values[i], options), random());
      bits -= logProbabilities[i][next] / Math.LN2;
      ids.push(next);
    });
  }
  return {
    texts: rows.map((ids) => vocabulary.decode(ids.slice(promptIds.length))),
    bitsPerChar: bits / (count * length),
  };
}

export interface SamplingResult {
  name: string;
  options: SamplingOptions;
  /** distinct-4 over all samples: near 1, every 4-gram new; low, the samples repeat themselves. */
  distinct4: number;
  bitsPerChar: number;
  example: string;
}

/** Generates with each named setting from the same prompts and seed, and measures each sample set. */
export function samplingTradeoff(
  lm: TransformerLM,
  vocabulary: CharVocabulary,
  settings: { name: string; options: SamplingOptions }[],
  options: { prompt: string; length: number; count: number; seed: number },
): SamplingResult[] {
  return settings.map(({ name, options: sampling }) => {
    const { texts, bitsPerChar } = generateText(lm, vocabulary, options.prompt, { ...sampling, ...options });
    return { name, options: sampling, distinct4: distinctNgrams(texts, 4), bitsPerChar, example: texts[0] };
  });
}
