// Model compression (article 004 §3.4 names quantisation and pruning; it measures neither), applied to a trained
// network's weight tensors. Quantisation stores each kernel as b-bit integers times one float scale per tensor
// (symmetric, uniform, round to nearest: the simplest post-training scheme, as in Jacob et al. 2018,
// https://arxiv.org/abs/1712.05877, without their zero point). Magnitude pruning zeroes the smallest weights
// (Han, Pool, Tran & Dally 2015, https://arxiv.org/abs/1506.02626), here without the retraining they follow it with.
import * as tf from '@tensorflow/tfjs';

/** What is done to a network's kernels; biases and batch-norm statistics stay 32-bit floats in every variant. */
export type Compression = { kind: 'none' } | { kind: 'quantise'; bits: number } | { kind: 'prune'; fraction: number };

/** The values rounded to the 2^(bits−1) − 1 levels either side of 0 that span the largest |value|. */
export function quantiseValues(values: Float32Array, bits: number): Float32Array {
  if (!Number.isInteger(bits) || bits < 2 || bits > 16)
    throw new Error(`bits must be a whole number from 2 to 16, got ${bits}.`);
  const levels = 2 ** (bits - 1) - 1;
  const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (largest === 0) return values.slice();
  const scale = largest / levels;
  return values.map((v) => Math.round(v / scale) * scale);
}

/** The values with the `fraction` of smallest magnitude set to 0 (ties at the threshold broken by position). */
export function pruneValues(values: Float32Array, fraction: number): Float32Array {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`the pruned fraction must be from 0 to 1, got ${fraction}.`);
  const drop = Math.round(values.length * fraction);
  const pruned = values.slice();
  if (drop === 0) return pruned;
  // A typed-array sort of the magnitudes finds the threshold (a comparator sort of a million indices takes seconds).
  const threshold = values.map(Math.abs).sort()[drop - 1];
  let dropped = 0;
  for (let i = 0; i < values.length; i += 1)
    if (Math.abs(values[i]) < threshold) {
      pruned[i] = 0;
      dropped += 1;
    }
  for (let i = 0; i < values.length && dropped < drop; i += 1) {
    if (Math.abs(values[i]) === threshold) {
      pruned[i] = 0;
      dropped += 1;
    }
  }
  return pruned;
}

/** A kernel is a dense or convolution weight matrix: what compression acts on (names end in "kernel"). */
const isKernel = (weight: tf.LayerVariable) => /kernel$/.test(weight.originalName);

/** The model's weights with `compression` applied to its kernels, as new tensors (the caller disposes them). */
export function compressedWeights(model: tf.LayersModel, compression: Compression): tf.Tensor[] {
  return model.weights.map((weight) => {
    const values = weight.read();
    if (compression.kind === 'none' || !isKernel(weight)) return values.clone();
    const data = values.dataSync() as Float32Array;
    const changed =
      compression.kind === 'quantise'
        ? quantiseValues(data, compression.bits)
        : pruneValues(data, compression.fraction);
    return tf.tensor(changed, values.shape);
  });
}

/** Bits to store the model's weights compressed: b bits per kernel value plus a 32-bit scale per kernel when
 *  quantised; a pruned kernel as its kept values (32 bits each) and a one-bit mask per weight; the rest 32 bits. */
export function storageBits(model: tf.LayersModel, compression: Compression): number {
  return model.weights.reduce((bits, weight) => {
    const size = weight.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    if (compression.kind === 'none' || !isKernel(weight)) return bits + 32 * size;
    if (compression.kind === 'quantise') return bits + compression.bits * size + 32;
    return bits + 32 * (size - Math.round(size * compression.fraction)) + size;
  }, 0);
}

/** Runs `use` with the model's weights replaced by `weights`, then puts the original weights back. */
export function withWeights<T>(model: tf.LayersModel, weights: tf.Tensor[], use: () => T): T {
  const original = model.getWeights().map((w) => w.clone());
  model.setWeights(weights);
  try {
    return use();
  } finally {
    model.setWeights(original);
    tf.dispose(original);
  }
}

/** A short name for tables: "32-bit float", "8-bit", "pruned 50 %". */
export function compressionName(compression: Compression): string {
  if (compression.kind === 'none') return '32-bit float';
  if (compression.kind === 'quantise') return `${compression.bits}-bit`;
  return `pruned ${Math.round(compression.fraction * 100)} %`;
}
