// The one tensor-leak check of the tests: what `run` returns, after asserting it left no tensor behind.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

export function withoutLeaks<T>(what: string, run: () => T): T {
  const before = tf.memory().numTensors;
  const result = run();
  assert.equal(tf.memory().numTensors - before, 0, `${what}: tensors left behind`);
  return result;
}

export async function withoutLeaksAsync<T>(what: string, run: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await run();
  assert.equal(tf.memory().numTensors - before, 0, `${what}: tensors left behind`);
  return result;
}
