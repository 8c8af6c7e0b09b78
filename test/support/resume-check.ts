// What the tests of every trainer ask of it in the shared loop: a run resumed from its checkpoint repeats an
// uninterrupted one exactly, and no tensors leak from epoch to epoch.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { EpochRecord } from '../../src/storage';
import { fit, Trainer } from '../../src/training';
import { fakeDigits } from './fake-digits';
import { tempDir } from './temp';

/** The loop's options for a tiny run: `numEpochs` epochs over 16 fake digits, batches of 8, seed 5, in `runDir`. */
export const tinyRun = (runDir: string, numEpochs: number, resume = false) => ({
  data: fakeDigits(16),
  numEpochs,
  batchSize: 8,
  seed: 5,
  runDir,
  resume,
});

const metrics = (history: EpochRecord[]) => history.map((r) => r.metrics);

/**
 * Trains `make()` for 3 epochs in one go, and for 1 then 2 more resumed from the checkpoint: asserts that both end with
 * the same metrics and that the count of tensors stops growing after epoch 2. Returns the uninterrupted run's history.
 */
export async function assertResumeRepeats(make: () => Trainer): Promise<EpochRecord[]> {
  const counts: number[] = [];
  const whole = await fit(make(), {
    ...tinyRun(tempDir('resume'), 3),
    onEpoch: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  const split = tempDir('resume');
  await fit(make(), tinyRun(split, 1));
  const resumed = await fit(make(), tinyRun(split, 3, true));
  assert.deepEqual(metrics(resumed.history), metrics(whole.history));
  assert.equal(counts[2], counts[1], `tensors after each epoch: ${counts}`);
  return whole.history;
}
