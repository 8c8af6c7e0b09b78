// What a WaveNet must beat, in bits per sample of held-out μ-law codes (the cross-entropy −log₂ p(next code)):
//   uniform     every code 1/256: 8 bits, knowing nothing;
//   histogram   each code's frequency in the training audio: knows how loud speech usually is, nothing of the past;
//   linear prediction (LPC, the classic of speech coding: Makhoul 1975, "Linear prediction: a tutorial review",
//               doi:10.1109/PROC.1975.9792): the next sample as a fixed weighted sum of the last `order`, fitted to the
//               training audio by the autocorrelation method, with a Laplace error whose scale either is fixed or
//               follows the size of the last errors (adapting to loud and quiet passages, as ADPCM codecs do); its
//               probability of each code is the Laplace mass on the code's interval.
// Every score is the mean over positions `from`.. of each held-out clip, the same positions a WaveNet of receptive
// field `from` is scored on.
import { expand, codeToCompanded, LEVELS } from './mulaw';

/** The cross-entropy of the uniform distribution over 256 codes, in bits per sample. */
export const UNIFORM_BITS = Math.log2(LEVELS);

/** Bits per sample of held-out codes under the codes' training frequencies (add-one smoothed). */
export function histogramBits(train: Uint8Array[], heldOut: Uint8Array[], from: number): number {
  const counts = new Float64Array(LEVELS).fill(1);
  for (const codes of train) for (const code of codes) counts[code]++;
  const total = counts.reduce((a, b) => a + b, 0);
  return meanBits(heldOut, from, (codes, t) => counts[codes[t]] / total);
}

export interface LinearPredictor {
  /** a_1..a_p: the prediction of x_t is Σ a_k x_{t−k}, on the decoded samples x. */
  coefficients: Float64Array;
  /** Weight of the old scale in the running mean of |error|; 1 keeps the training set's mean |error| throughout. */
  scaleMemory: number;
  /** The scale when scaleMemory is 1, and the start of the running mean otherwise. */
  fixedScale: number;
}

/** Laplace scales never fall below this (about half the finest μ-law step), nor does a probability stay at 0. */
const MIN_SCALE = 1e-4;
const UNIFORM_MIX = 1e-3;
const SCALE_MEMORIES = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99];
/** The memory is chosen on the first training clips, up to this many samples (a minute): enough to rank six values. */
const SELECTION_SAMPLES = 480_000;

/**
 * Fits LPC coefficients of `order` to the training clips (autocorrelation method, Levinson–Durbin recursion), then the
 * error scale: the training mean |error| when `adaptive` is false; otherwise the running mean's memory that scores best
 * on the first minute of the training clips.
 */
export function fitLinearPredictor(train: Uint8Array[], order: number, adaptive: boolean): LinearPredictor {
  if (!Number.isInteger(order) || order < 1) throw new RangeError(`order must be a positive integer, got ${order}.`);
  const signals = train.map(decode);
  const r = new Float64Array(order + 1);
  for (const x of signals) {
    for (let lag = 0; lag <= order; lag++) for (let t = lag; t < x.length; t++) r[lag] += x[t] * x[t - lag];
  }
  if (!(r[0] > 0))
    throw new Error('There is no training audio (or it is silent), so no linear predictor can be fitted.');
  const coefficients = levinsonDurbin(r, order);
  let errorSum = 0;
  let count = 0;
  for (const x of signals)
    for (let t = order; t < x.length; t++, count++) errorSum += Math.abs(x[t] - predict(coefficients, x, t));
  const fixed: LinearPredictor = { coefficients, scaleMemory: 1, fixedScale: Math.max(MIN_SCALE, errorSum / count) };
  if (!adaptive) return fixed;
  const selection: Uint8Array[] = [];
  for (let i = 0, total = 0; i < train.length && total < SELECTION_SAMPLES; total += train[i++].length)
    selection.push(train[i]);
  const scored = SCALE_MEMORIES.map((scaleMemory) => {
    const predictor = { ...fixed, scaleMemory };
    return { predictor, bits: linearPredictionBits(predictor, selection, order) };
  });
  return scored.reduce((best, next) => (next.bits < best.bits ? next : best)).predictor;
}

/** Bits per sample of held-out codes under a linear predictor. */
export function linearPredictionBits(predictor: LinearPredictor, heldOut: Uint8Array[], from: number): number {
  const { coefficients, scaleMemory, fixedScale } = predictor;
  const order = coefficients.length;
  if (from < order) throw new RangeError(`from must be at least the order ${order}, got ${from}.`);
  let sum = 0;
  let count = 0;
  for (const codes of heldOut) {
    const x = decode(codes);
    let scale = fixedScale;
    for (let t = order; t < x.length; t++) {
      const mean = predict(coefficients, x, t);
      if (t >= from) {
        sum -= Math.log2(
          (1 - UNIFORM_MIX) * laplaceMass(codes[t], mean, Math.max(MIN_SCALE, scale)) + UNIFORM_MIX / LEVELS,
        );
        count++;
      }
      if (scaleMemory < 1) scale = scaleMemory * scale + (1 - scaleMemory) * Math.abs(x[t] - mean);
    }
  }
  if (count === 0) throw new Error(`No held-out clip is longer than ${from} samples, so there is nothing to score.`);
  return sum / count;
}

/** The prediction coefficients a_1..a_p from autocorrelations r_0..r_p (Levinson–Durbin). */
export function levinsonDurbin(r: Float64Array, order: number): Float64Array {
  let a = new Float64Array(order + 1); // a[0] unused
  let error = r[0];
  for (let i = 1; i <= order; i++) {
    let acc = r[i];
    for (let j = 1; j < i; j++) acc -= a[j] * r[i - j];
    const k = acc / error;
    const next = a.slice();
    next[i] = k;
    for (let j = 1; j < i; j++) next[j] = a[j] - k * a[i - j];
    a = next;
    error *= 1 - k * k;
  }
  return a.subarray(1);
}

function predict(coefficients: Float64Array, x: Float64Array, t: number): number {
  let sum = 0;
  for (let k = 0; k < coefficients.length; k++) sum += coefficients[k] * x[t - 1 - k];
  return sum;
}

/** The decoded samples of codes, and each code's interval of samples: the values that μ-law rounds to it. */
const decode = (codes: Uint8Array) => Float64Array.from(codes, (c) => expand(codeToCompanded(c)));
const lowerEdge = Float64Array.from({ length: LEVELS }, (_, c) =>
  c === 0 ? -Infinity : expand(codeToCompanded(c - 0.5)),
);
const upperEdge = Float64Array.from({ length: LEVELS }, (_, c) =>
  c === LEVELS - 1 ? Infinity : expand(codeToCompanded(c + 0.5)),
);

/** The probability a Laplace(mean, scale) gives to the interval of `code`. */
function laplaceMass(code: number, mean: number, scale: number): number {
  const lo = (lowerEdge[code] - mean) / scale;
  const hi = (upperEdge[code] - mean) / scale;
  // Each tail in its own terms, so that a far interval's small mass is not lost as a difference of two numbers near 1.
  if (lo >= 0) return 0.5 * (Math.exp(-lo) - Math.exp(-hi));
  if (hi <= 0) return 0.5 * (Math.exp(hi) - Math.exp(lo));
  return 1 - 0.5 * Math.exp(-hi) - 0.5 * Math.exp(lo);
}

/** Mean −log₂ p over positions from.. of every clip. */
function meanBits(clips: Uint8Array[], from: number, probability: (codes: Uint8Array, t: number) => number): number {
  let sum = 0;
  let count = 0;
  for (const codes of clips) for (let t = from; t < codes.length; t++, count++) sum -= Math.log2(probability(codes, t));
  if (count === 0) throw new Error(`No held-out clip is longer than ${from} samples, so there is nothing to score.`);
  return sum / count;
}
