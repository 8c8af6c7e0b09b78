// Seeded random numbers and sample statistics in plain numbers, and the check on seeds handed to tfjs, so every
// experiment in the chapters is repeatable.
import seedrandom from 'seedrandom';

/**
 * A seeded uniform generator on [0, 1): the Alea generator of seedrandom, genlab's one source of seeded plain numbers
 * (data order, binarisation, sampling, and the Math.random of withSeed). A string seed names a stream, so that one run
 * seed gives independent draws for different uses ('genlab:binarise:3', 'text-vae:3').
 */
export function uniformRng(seed: number | string): () => number {
  return seedrandom.alea(String(seed));
}

/**
 * `seed` unchanged, for a tfjs random op or initialiser, if tfjs will honour it; a RangeError for 0 or a seed that is
 * not a whole number. tfjs reads a falsy seed as "no seed" and draws from Math.random, so a run seeded 0 would silently
 * not repeat (randomUniform's documentation says the same). A derived seed + k is 0 when seed = −k: check that value.
 */
export function tfSeed(seed: number): number {
  if (!Number.isInteger(seed) || seed === 0) {
    throw new RangeError(
      `seed ${seed} cannot seed TensorFlow.js repeatably: give a whole number other than 0 (tfjs takes a seed of 0 ` +
        'to mean "unseeded" and draws from Math.random). Where a function derives more seeds from yours (seed + 1, ' +
        'seed + 2, …), a seed from 1 up keeps them all nonzero.',
    );
  }
  return seed;
}

/** A seeded standard-normal generator (Box–Muller on the uniform generator above). */
export function normalRng(seed: number): () => number {
  const uniform = uniformRng(seed);
  return () => {
    const u = 1 - uniform(); // in (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** The sample mean (NaN for no values): the one mean of the chapters' statistics. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/** The unbiased sample variance (divides by n − 1). */
export function variance(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return sum / (values.length - 1);
}

/** The standard error of the sample mean: √(variance / n). */
export function standardError(values: ArrayLike<number>): number {
  return Math.sqrt(variance(values) / values.length);
}

/** Counts per bin on [lo, hi), returned as bin centres and densities (counts / (n · width)) for plotting. */
export function histogram(values: number[], bins: number, lo: number, hi: number): { x: number[]; density: number[] } {
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const bin = Math.floor((v - lo) / width);
    // Stryker disable next-line ConditionalExpression: without `bin >= 0` a value below lo writes counts[-1], a property never read
    if (bin >= 0 && bin < bins) counts[bin] += 1;
  }
  return {
    x: counts.map((_, i) => lo + (i + 0.5) * width),
    density: counts.map((c) => c / (values.length * width)),
  };
}
