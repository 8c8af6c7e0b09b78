// Scaled dot-product self-attention, softmax(QKᵀ/√d_k)V (Vaswani et al. 2017, "Attention is all you need",
// https://arxiv.org/abs/1706.03762; article 004 §5.1 states it correctly), its causal mask, and its multi-head form.
import * as tf from '@tensorflow/tfjs';
import { tfSeed } from '../maths';

/** Added to the scores of positions a query may not see: exp(−1e9) is exactly 0 in float32, and, unlike −∞, 0·it is 0. */
const MASKED = -1e9;

/**
 * [T, T]: 0 where query t may look at key s (s ≤ t), MASKED above the diagonal. Added to the scores, it keeps every
 * position from seeing the ones after it, which a model that predicts the next token must not see.
 */
export function causalMask(length: number): tf.Tensor2D {
  return tf.tidy(() => {
    const allowed = tf.linalg.bandPart(tf.ones([length, length]), -1, 0);
    return tf.mul(tf.sub(1, allowed), MASKED) as tf.Tensor2D;
  });
}

export interface AttentionOptions {
  /** Hide later positions from each query (a decoder). */
  causal?: boolean;
  /** Divide the scores by √d_k (true, as in the formula); false shows what the scaling is for. */
  scaled?: boolean;
}

/**
 * softmax(QKᵀ/√d_k + mask)V over the last two axes: q, k [..., T, d_k], v [..., T, d_v]. Returns the output
 * [..., T, d_v] and the attention weights [..., T, T], each row a probability distribution over the keys.
 */
export function attention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  options: AttentionOptions = {},
): { output: tf.Tensor; weights: tf.Tensor } {
  const { causal = false, scaled = true } = options;
  const length = q.shape[q.rank - 2];
  const keyDim = q.shape[q.rank - 1];
  if (k.shape[k.rank - 1] !== keyDim)
    throw new RangeError(`queries have ${keyDim} features but keys ${k.shape[k.rank - 1]}`);
  return tf.tidy(() => {
    let scores = tf.matMul(q, k, false, true); // [..., T, T]
    if (scaled) scores = tf.div(scores, Math.sqrt(keyDim));
    if (causal) scores = tf.add(scores, causalMask(length));
    const weights = tf.softmax(scores);
    return { output: tf.matMul(weights, v), weights };
  });
}

/** [B, T, h·d] → [B, h, T, d]: the features of each position cut into `heads` groups, one per head. */
export function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [batch, length, width] = x.shape;
  if (width % heads !== 0) throw new RangeError(`${width} features cannot be split into ${heads} equal heads`);
  return tf.tidy(() => tf.transpose(tf.reshape(x, [batch, length, heads, width / heads]), [0, 2, 1, 3]));
}

/** [B, h, T, d] → [B, T, h·d]: the inverse of splitHeads. */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  const [batch, heads, length, width] = x.shape;
  return tf.tidy(() => tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, length, heads * width]));
}

/** The four projections of multi-head attention, each [d_model, d_model]. */
export interface AttentionProjections {
  query: tf.Tensor2D;
  key: tf.Tensor2D;
  value: tf.Tensor2D;
  output: tf.Tensor2D;
}

/**
 * Multi-head self-attention of x [B, T, d_model]: project to Q, K, V, split each into `heads` heads of
 * d_model/heads features (a reshape, not new weights), attend in every head at once, merge, project.
 * Returns the output [B, T, d_model] and the weights [B, heads, T, T].
 */
export function multiHeadSelfAttention(
  x: tf.Tensor3D,
  projections: AttentionProjections,
  heads: number,
  options: AttentionOptions = {},
): { output: tf.Tensor3D; weights: tf.Tensor4D } {
  return tf.tidy(() => {
    const project = (w: tf.Tensor2D) =>
      splitHeads(tf.matMul(tf.reshape(x, [-1, x.shape[2]]), w).reshape(x.shape) as tf.Tensor3D, heads);
    const { output, weights } = attention(
      project(projections.query),
      project(projections.key),
      project(projections.value),
      options,
    );
    const merged = mergeHeads(output as tf.Tensor4D);
    const projected = tf
      .matMul(tf.reshape(merged, [-1, merged.shape[2]]), projections.output)
      .reshape(x.shape) as tf.Tensor3D;
    return { output: projected, weights: weights as tf.Tensor4D };
  });
}

/** Mean entropy, in nats, of the rows of attention weights [..., T, T]: ln T for uniform rows, 0 for one-hot ones. */
export function meanRowEntropy(weights: tf.Tensor): number {
  return tf.tidy(() => {
    const p = tf.clipByValue(weights, 1e-30, 1);
    return -tf.mean(tf.sum(tf.mul(weights, tf.log(p)), -1)).dataSync()[0];
  });
}

export interface SaturationRow {
  keyDim: number;
  scaled: number;
  unscaled: number;
}

/**
 * H17 in numbers: the mean row entropy of softmax(QKᵀ/√d_k) and of softmax(QKᵀ) for Q, K with independent standard
 * normal entries, `length` tokens, one row per key width. A score q·k then has variance d_k: unscaled, the softmax
 * saturates (entropy → 0, one key takes all the weight) as d_k grows; scaled, the variance is 1 at every width.
 */
export function saturationTable(
  keyDims: number[],
  options: { length: number; samples: number; seed: number },
): SaturationRow[] {
  const { length, samples, seed } = options;
  return keyDims.map((keyDim, i) =>
    tf.tidy(() => {
      const q = tf.randomNormal([samples, length, keyDim], 0, 1, 'float32', tfSeed(seed + 2 * i));
      const k = tf.randomNormal([samples, length, keyDim], 0, 1, 'float32', tfSeed(seed + 2 * i + 1));
      const entropy = (scaled: boolean) => meanRowEntropy(attention(q, k, k, { scaled }).weights);
      return { keyDim, scaled: entropy(true), unscaled: entropy(false) };
    }),
  );
}
