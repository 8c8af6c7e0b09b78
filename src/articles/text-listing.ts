// L12, 004 §6.1–6.2: "GPT-2" text generation from the prompt 人工智能, rebuilt up to the point where it
// needs GPT-2's weights, with the pieces its faults need to run: pip's requirement check, Keras's pad_sequences, a
// model's forward pass over a whole sequence, and the sampling loop the listing lacks.
import * as tf from '@tensorflow/tfjs';
import { validRange } from '@renovatebot/pep440';
import { uniformRng } from '../maths';

/** The listing's install lines: `pip install tensorflow==2.x`, `keras==2.x`, `pytorch==1.8`. */
export const listing12Requirements = ['tensorflow==2.x', 'keras==2.x', 'pytorch==1.8'];

// PEP 508's project name: letters and digits, with . _ - inside.
const REQUIREMENT = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(.*?)\s*$/;

/**
 * Whether pip can read a requirement such as `torch>=1.8`: a PEP 508 name, then version specifiers checked by a PEP 440
 * parser (@renovatebot/pep440, Renovate's). Extras (`name[extra]`) and markers (`; python_version…`) are not handled:
 * none of the listing's lines has them.
 */
export function checkRequirement(line: string): { name: string; specifier: string; valid: boolean } {
  const match = REQUIREMENT.exec(line);
  if (!match) return { name: '', specifier: line, valid: false };
  const [, name, specifier] = match;
  return { name, specifier, valid: validRange(specifier) };
}

/**
 * Keras's `pad_sequences`, with its defaults (padding and truncating 'pre', value 0, dtype int32): makes a batch
 * [sequences, maxlen, ...sample shape] from sequences of numbers or of vectors. Like Keras it takes the sample shape
 * from the first non-empty sequence, and casts to int32 by truncation toward zero.
 */
export function padSequences(
  sequences: readonly (readonly (number | readonly number[])[])[],
  options: {
    maxlen?: number;
    padding?: 'pre' | 'post';
    truncating?: 'pre' | 'post';
    value?: number;
    dtype?: 'int32' | 'float32';
  } = {},
): tf.Tensor {
  const { padding = 'pre', truncating = 'pre', value = 0, dtype = 'int32' } = options;
  const maxlen = options.maxlen ?? Math.max(0, ...sequences.map((s) => s.length));
  const first = sequences.find((s) => s.length > 0)?.[0];
  const sampleShape = Array.isArray(first) ? [first.length] : [];
  const sampleSize = sampleShape.length ? sampleShape[0] : 1;
  const values = new Float32Array(sequences.length * maxlen * sampleSize).fill(value);
  sequences.forEach((sequence, row) => {
    const kept = truncating === 'pre' ? sequence.slice(-maxlen) : sequence.slice(0, maxlen);
    const start = padding === 'post' ? 0 : maxlen - kept.length;
    kept.forEach((element, i) => {
      const sample = typeof element === 'number' ? [element] : element;
      if ((typeof element !== 'number') !== sampleShape.length > 0 || sample.length !== sampleSize) {
        const shape = typeof element === 'number' ? '' : sample.length;
        throw new Error(
          `sequence ${row} holds an element of shape [${shape}], but the first sequence's elements have ` +
            `shape [${sampleShape}]`,
        );
      }
      values.set(sample, (row * maxlen + start + i) * sampleSize);
    });
  });
  const cast = dtype === 'int32' ? Int32Array.from(values, Math.trunc) : values;
  return tf.tensor(cast, [sequences.length, maxlen, ...sampleShape], dtype);
}

/**
 * The listing's `model.tokenizer.encode(prompt)`. A Keras model (here a tfjs one) has no tokenizer: TypeScript refuses
 * the call, and the cast forces it through so the reader sees the error at run time, as Python would show it.
 */
export function listing12Tokenize(model: tf.LayersModel, prompt: string): number[] {
  return (model as unknown as { tokenizer: { encode(text: string): number[] } }).tokenizer.encode(prompt);
}

/** A language model as the generation loop sees it: the token ids so far → logits for the next token. */
export type NextTokenLogits = (ids: readonly number[]) => Float32Array;

/**
 * What one forward pass of a causal language model such as GPT-2 returns for a sequence: at every position i, the
 * logits for the token after it, from ids[0..i]. [positions, vocabulary]. The listing stops here and decodes this.
 */
export function logitsAtEveryPosition(model: NextTokenLogits, ids: readonly number[]): tf.Tensor2D {
  const rows = ids.map((_, i) => model(ids.slice(0, i + 1)));
  return tf.stack(rows.map((row) => tf.tensor1d(row))) as tf.Tensor2D;
}

/**
 * The loop the listing lacks: ask the model for the next token's logits, sample one token (softmax at `temperature`,
 * among the `topK` most likely when given), append it, and repeat `maxNewTokens` times. Seeded, so runs repeat.
 */
export function generateTokens(
  model: NextTokenLogits,
  promptIds: readonly number[],
  options: { maxNewTokens: number; temperature?: number; topK?: number; seed: number },
): number[] {
  const { maxNewTokens, temperature = 1, topK, seed } = options;
  if (!(temperature > 0)) throw new RangeError(`temperature must be above 0, got ${temperature}`);
  const uniform = uniformRng(seed);
  const ids = [...promptIds];
  for (let step = 0; step < maxNewTokens; step++) ids.push(sampleToken(model(ids), temperature, topK, uniform()));
  return ids;
}

/** One draw from softmax(logits / temperature), kept to the topK largest logits; `u` is uniform on [0, 1). */
function sampleToken(logits: Float32Array, temperature: number, topK: number | undefined, u: number): number {
  let candidates = Array.from(logits.keys());
  if (topK !== undefined) candidates = candidates.sort((a, b) => logits[b] - logits[a]).slice(0, topK);
  const top = candidates.reduce((best, id) => Math.max(best, logits[id]), -Infinity);
  if (!Number.isFinite(top)) throw new Error(`the largest logit is ${top}: there is nothing to sample from`);
  const weights = candidates.map((id) => Math.exp((logits[id] - top) / temperature));
  let remaining = u * weights.reduce((sum, w) => sum + w, 0);
  for (let i = 0; i < candidates.length; i++) {
    remaining -= weights[i];
    if (remaining < 0) return candidates[i];
  }
  return candidates[candidates.length - 1];
}

/**
 * A stand-in for GPT-2, for showing the loop only: counts of which token followed which in a short text. The next
 * token's logit is log(count + ε) after the longest run of the last `order` tokens or fewer that the text contains
 * (after none: how often each token occurs at all). ε = 1e-9 leaves every token a small chance, as a real model does.
 */
export function nGramStandIn(textIds: readonly number[], vocabularySize: number, order: number): NextTokenLogits {
  const followers = new Map<string, Map<number, number>>(); // context ids "a,b" → next id → count
  textIds.forEach((id, i) => {
    for (let n = 0; n <= Math.min(order, i); n++) {
      const context = textIds.slice(i - n, i).join(',');
      const counts = followers.get(context) ?? new Map<number, number>();
      followers.set(context, counts.set(id, (counts.get(id) ?? 0) + 1));
    }
  });
  const epsilon = 1e-9;
  return (ids) => {
    let counts: Map<number, number> | undefined;
    for (let n = Math.min(order, ids.length); !counts; n--) counts = followers.get(ids.slice(ids.length - n).join(','));
    const logits = new Float32Array(vocabularySize).fill(Math.log(epsilon));
    for (const [id, count] of counts) logits[id] = Math.log(count + epsilon);
    return logits;
  };
}

/** The size of a GPT-2 model (Radford et al. 2019), as its published configuration sets it. */
export interface Gpt2Config {
  layers: number;
  width: number;
  contextLength: number;
  vocabularySize: number;
}

/** GPT-2 small, the "124M" model the listing means by 'gpt2'. */
export const GPT2_SMALL: Gpt2Config = { layers: 12, width: 768, contextLength: 1024, vocabularySize: 50_257 };

/**
 * Parameters of a GPT-2: token and position embeddings; per block two layer norms, the attention's joint Q/K/V
 * projection and output projection, and a 4×-wide MLP; a final layer norm. The output layer shares the token
 * embedding, so it adds nothing.
 */
export function gpt2ParameterCount({ layers, width, contextLength, vocabularySize }: Gpt2Config): number {
  const dense = (inputs: number, outputs: number) => inputs * outputs + outputs;
  const layerNorm = 2 * width;
  const block =
    2 * layerNorm + dense(width, 3 * width) + dense(width, width) + dense(width, 4 * width) + dense(4 * width, width);
  return vocabularySize * width + contextLength * width + layers * block + layerNorm;
}
