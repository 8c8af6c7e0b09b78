// Choosing the next token from a model's logits: temperature (Ackley, Hinton & Sejnowski 1985), top-k (Fan, Lewis &
// Dauphin 2018, https://arxiv.org/abs/1805.04833) and top-p, "nucleus" sampling (Holtzman et al. 2020, "The curious case
// of neural text degeneration", https://arxiv.org/abs/1904.09751).

export interface SamplingOptions {
  /** Divides the logits: below 1 sharpens the distribution, above 1 flattens it; 0 means always the most likely token. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or undefined: all). */
  topK?: number;
  /** Keep the fewest most likely tokens whose probabilities add up to at least p (1 or undefined: all). */
  topP?: number;
}

export function checkSamplingOptions({ temperature = 1, topK = 0, topP = 1 }: SamplingOptions): void {
  if (!(temperature >= 0 && Number.isFinite(temperature)))
    throw new RangeError(`temperature must be a number ≥ 0, got ${temperature}`);
  if (!(Number.isInteger(topK) && topK >= 0))
    throw new RangeError(`topK must be a whole number ≥ 0 (0 keeps all), got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`topP must be in (0, 1], got ${topP}`);
}

/** The distribution the options leave of `logits`: probabilities, zero outside the kept tokens, summing to 1. */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions = {}): Float64Array {
  checkSamplingOptions(options);
  const { temperature = 1, topK = 0, topP = 1 } = options;
  const n = logits.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => logits[b] - logits[a]);
  const p = new Float64Array(n);
  if (temperature === 0) {
    p[order[0]] = 1;
    return p;
  }
  const kept = topK > 0 ? order.slice(0, topK) : order;
  const top = logits[order[0]] / temperature;
  let total = 0;
  for (const i of kept) total += p[i] = Math.exp(logits[i] / temperature - top);
  // The nucleus: the most likely tokens until their share reaches topP; the rest get 0.
  let share = 0;
  let count = 0;
  while (count < kept.length && share < topP - 1e-12) share += p[kept[count++]] / total;
  for (let j = count; j < kept.length; j++) p[kept[j]] = 0;
  let keptTotal = 0;
  for (let j = 0; j < count; j++) keptTotal += p[kept[j]];
  for (let j = 0; j < count; j++) p[kept[j]] /= keptTotal;
  return p;
}

/** One draw from `probabilities` with a uniform number `u` in [0, 1). */
export function drawIndex(probabilities: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < probabilities.length; i++) {
    if (probabilities[i] <= 0) continue;
    cumulative += probabilities[i];
    last = i;
    if (u < cumulative) return i;
  }
  return last; // rounding left the sum a hair below 1
}

/** distinct-n (Li et al. 2016, https://arxiv.org/abs/1510.03055): different n-grams over all n-grams in the texts. */
export function distinctNgrams(texts: readonly string[], n: number): number {
  const seen = new Set<string>();
  let total = 0;
  for (const text of texts) {
    const chars = Array.from(text);
    for (let i = 0; i + n <= chars.length; i++) {
      seen.add(chars.slice(i, i + n).join(''));
      total++;
    }
  }
  if (total === 0) throw new RangeError(`distinctNgrams needs texts with at least ${n} characters`);
  return seen.size / total;
}
