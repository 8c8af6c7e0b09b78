// Where genlab's faster twins of tfjs-core's own functions go in, and the Alea state two of them continue from.
import seedrandom from 'seedrandom';

/**
 * Puts `make(tfjs's own)` in place of `name` in tfjs-core's exports, which tf.* and tfjs-layers read at each call.
 * The module's own exports object is changed: an ES-module import of it is a read-only view.
 */
export function replaceCoreExport<F>(name: string, make: (tfjsOwn: F) => F): void {
  const core = require('@tensorflow/tfjs-core') as Record<string, F>;
  core[name] = make(core[name]);
}

/** seedrandom's Alea seeded with `seed`, as tfjs seeds it: its carry c and s0–s2, to continue the stream from. */
export function aleaState(seed: string): { c: number; s0: number; s1: number; s2: number } {
  return seedrandom.alea(seed, { state: true }).state() as { c: number; s0: number; s1: number; s2: number };
}
