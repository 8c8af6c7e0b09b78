// Repeatable randomness for models and steps that take no seed. tfjs seeds every unseeded random op (weight
// initialisers, dropout masks, tf.randomNormal noise) with Math.random(); drawing Math.random from a generator seeded
// by us, for the duration of one synchronous call, fixes all of them.
import seedrandom from 'seedrandom';

/** Runs the synchronous `fn` with Math.random seeded by `seed`, then restores it. */
export function withSeed<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = seedrandom.alea(`genlab:${seed}`);
  try {
    const result = fn();
    if (result instanceof Promise) throw new Error('withSeed takes a synchronous function: an await would leak the seeded Math.random to other code.');
    return result;
  } finally {
    Math.random = original;
  }
}
