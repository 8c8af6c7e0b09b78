import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  buildTransformer,
  fit,
  imagesToTensor,
  languageModelRun,
  learningRateAt,
  loadLanguageModel,
  slidingBitsPerToken,
  splitCorpus,
  textWindows,
  tokenLosses,
  windowIds,
  windowsBitsPerToken,
  withSeed,
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

test('sliding-window evaluation: with stride = context it is the separate windows; each id is predicted once; bad strides refused', () => {
  const config = { vocabularySize: 7, contextLength: 4, modelDim: 8, numLayers: 1, numHeads: 2 };
  const lm = withSeed(3, () => buildTransformer(config));
  const ids = Array.from({ length: 13 }, (_, i) => (i * 5) % 7); // 12 predictions: 3 windows of 4
  const separate = windowsBitsPerToken(lm, textWindows(ids, 4));
  assert.ok(Math.abs(slidingBitsPerToken(lm, ids, 4) - separate) < 1e-6);
  // By hand for stride 1: the first window scores ids[1..4] in context, then each later window only its last id.
  const losses = (rows: number[][]) => {
    const t = tokenLosses(lm, tf.tensor2d(rows, undefined, 'int32'));
    const values = t.arraySync();
    t.dispose();
    return values;
  };
  const windows = Array.from({ length: 9 }, (_, s) => ids.slice(s, s + 5));
  const perWindow = losses(windows);
  const byHand = [...perWindow[0], ...perWindow.slice(1).map((row) => row[3])].reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(slidingBitsPerToken(lm, ids, 1, 4) - byHand / 12 / Math.LN2) < 1e-6);
  // Stride 3 from 13 ids: windows at 0, 3, 6, then one flush with the end at 8; still 12 predictions, each once.
  const flush = losses([0, 3, 6, 8].map((s) => ids.slice(s, s + 5)));
  const stride3 = [...flush[0], ...flush[1].slice(1), ...flush[2].slice(1), ...flush[3].slice(2)];
  assert.equal(stride3.length, 12);
  const expected = stride3.reduce((a, b) => a + b, 0) / 12 / Math.LN2;
  assert.ok(Math.abs(slidingBitsPerToken(lm, ids, 3) - expected) < 1e-6);
  // A text shorter than the context: one window of the whole text.
  const short = losses([ids.slice(0, 3)])[0];
  assert.ok(Math.abs(slidingBitsPerToken(lm, ids.slice(0, 3), 2) - (short[0] + short[1]) / 2 / Math.LN2) < 1e-6);
  for (const stride of [0, 5, 1.5]) assert.throws(() => slidingBitsPerToken(lm, ids, stride), /stride must be/);
  assert.throws(() => slidingBitsPerToken(lm, [1], 1), /nothing to predict/);
  const before = tf.memory().numTensors;
  slidingBitsPerToken(lm, ids, 2);
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  tf.dispose(lm.model.getWeights());
});
