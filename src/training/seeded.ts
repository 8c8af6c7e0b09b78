// Repeatable randomness for models and steps that take no seed: genlab's one patch of a global. tfjs seeds every
// unseeded random op (weight initialisers, dropout masks, tf.randomNormal noise) with Math.random(); drawing
// Math.random from a generator seeded by us, for the duration of one synchronous call, fixes all of them.
//
// The one style of seeding, then: an op that takes a seed gets it explicitly (tf.randomNormal(shape, 0, 1, 'float32',
// seed), uniformRng (src/maths/random.ts) for plain numbers); what tfjs does not let us seed (Keras-style initialisers, dropout inside
// layers, the noise a training step draws) runs inside withSeed. The calls already in place stay as they are even where
// an explicit seed would do: another seed would give other numbers, and the shipped runs and the tests of resumed runs
// prove the numbers unchanged. test/training-seeded.test.ts fails if the pinned tfjs stops drawing from Math.random.
import { uniformRng } from '../maths';

/** Runs the synchronous `fn` with Math.random seeded by `seed`, then restores it. */
export function withSeed<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = uniformRng(`genlab:${seed}`);
  try {
    const result = fn();
    if (result instanceof Promise)
      throw new Error(
        'withSeed takes a synchronous function: an await would leak the seeded Math.random to other code.',
      );
    return result;
  } finally {
    Math.random = original;
  }
}
