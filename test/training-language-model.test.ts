import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  fit,
  imagesToTensor,
  languageModelRun,
  learningRateAt,
  loadLanguageModel,
  splitCorpus,
  textWindows,
  windowIds,
} from '../src';
import { tempDir } from './support/temp';

test("text windows overlap by one id, and the loop's byte rows come back as the same ids", () => {
  const windows = textWindows([0, 1, 2, 3, 4, 5, 6, 200], 3);
  assert.equal(windows.count, 2);
  assert.deepEqual(Array.from(windows.images), [0, 1, 2, 3, 3, 4, 5, 6]);
  const images = imagesToTensor(windows, [1, 0], 'unit');
  assert.deepEqual(windowIds(images).arraySync(), [
    [3, 4, 5, 6],
    [0, 1, 2, 3],
  ]);
  assert.throws(() => textWindows([0, 1], 3), /holds no window of 4/);
  assert.throws(() => textWindows([0, 300, 1, 2], 3), /does not fit a byte/);
  images.dispose();
});

test('the learning rate warms up linearly, then decays along a cosine to a tenth of its peak', () => {
  const schedule = { learningRate: 1, warmupSteps: 10, totalSteps: 110 };
  assert.equal(learningRateAt(0, schedule), 0.1);
  assert.equal(learningRateAt(9, schedule), 1);
  assert.ok(Math.abs(learningRateAt(10, schedule) - 1) < 1e-12);
  assert.ok(Math.abs(learningRateAt(60, schedule) - 0.55) < 1e-12);
  assert.ok(Math.abs(learningRateAt(110, schedule) - 0.1) < 1e-12);
  assert.ok(Math.abs(learningRateAt(500, schedule) - 0.1) < 1e-12);
});

test('a fast run trains, lowers the held-out loss, saves, resumes to the same losses and loads back', async () => {
  const text = 'call me ishmael. some years ago, never mind how long precisely. '.repeat(60);
  const corpus = splitCorpus('test', text);
  const options = { numEpochs: 2, batchSize: 8, seed: 1, fast: true };
  const dir = tempDir('lm');
  const whole = languageModelRun(corpus, options);
  const state = await fit(whole.trainer, { data: whole.train, numEpochs: 2, batchSize: 8, seed: 1, runDir: dir });
  const [first, second] = state.history.map((r) => r.metrics.validationBitsPerChar);
  assert.ok(second < first, `${first} → ${second}`);
  // One epoch, then a resumed second: the same held-out loss as the uninterrupted run.
  const split = tempDir('lm-resume');
  const a = languageModelRun(corpus, options);
  await fit(a.trainer, { data: a.train, numEpochs: 1, batchSize: 8, seed: 1, runDir: split });
  const b = languageModelRun(corpus, options);
  const resumed = await fit(b.trainer, {
    data: b.train,
    numEpochs: 2,
    batchSize: 8,
    seed: 1,
    runDir: split,
    resume: true,
  });
  assert.ok(Math.abs(resumed.history[1].metrics.validationBitsPerChar - second) < 1e-4);
  const { lm, epochs } = loadLanguageModel(dir);
  assert.equal(epochs, 2);
  assert.deepEqual(lm.config, whole.trainer.lm.config);
  assert.throws(() => loadLanguageModel(tempDir('empty')), /holds no trained language model/);
  tf.dispose(lm.model.getWeights());
});
