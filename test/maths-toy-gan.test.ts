import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatorLossNonSaturating, generatorLossSaturating } from '../src/losses';
import * as tf from '@tensorflow/tfjs';
import { article004GeneratorLoss } from '../src/articles';
import { createMlp, FINAL_SAMPLE_COUNT, generatorLossLogitGradient, mean, trainToyGan, variance } from '../src/maths';
import { assertClose } from './support/close';
import { withoutLeaks } from './support/leaks';

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const logits = [-6, -2, 0, 3];
const data = [
  { weight: 0.5, mean: 4, std: 0.5 },
  { weight: 0.5, mean: 7, std: 0.5 },
];
const config = {
  steps: 20,
  batchSize: 64,
  hiddenUnits: 16,
  learningRate: 0.003,
  discriminatorWarmupSteps: 200,
  seed: 1,
};

test("d/da of the saturating loss is −σ(a), of the non-saturating −(1 − σ(a)), of 004's +σ(a)", () => {
  const expect = (loss: Parameters<typeof generatorLossLogitGradient>[0], f: (a: number) => number) =>
    generatorLossLogitGradient(loss, logits).forEach((g, i) => assert.ok(Math.abs(g - f(logits[i])) < 1e-6));
  expect(generatorLossSaturating, (a) => -sigmoid(a));
  expect(generatorLossNonSaturating, (a) => -(1 - sigmoid(a)));
  expect(article004GeneratorLoss, (a) => sigmoid(a));
});

test('the toy GAN is repeatable from a seed and leaks no tensors', () => {
  const first = withoutLeaks('trainToyGan', () => trainToyGan(data, generatorLossNonSaturating, config));
  assert.deepEqual(trainToyGan(data, generatorLossNonSaturating, config), first);
  assert.equal(first.generatorGradientNorm.length, config.steps);
  assert.equal(first.meanDOfFake.length, config.steps);
  assert.equal(first.samples.length, FINAL_SAMPLE_COUNT);
});

test('after the warm-up D rejects the fakes, and the saturating loss gives the smaller first gradient', () => {
  const saturating = trainToyGan(data, generatorLossSaturating, config);
  const nonSaturating = trainToyGan(data, generatorLossNonSaturating, config);
  assert.ok(saturating.meanDOfFake[0] < 0.1);
  assert.equal(saturating.meanDOfFake[0], nonSaturating.meanDOfFake[0]); // same start
  assert.ok(saturating.generatorGradientNorm[0] < 0.2 * nonSaturating.generatorGradientNorm[0]);
});

const tiny = { steps: 2, batchSize: 8, hiddenUnits: 4, learningRate: 0.003, discriminatorWarmupSteps: 2, seed: 1 };

test('every seed from 1 up is repeatable (tfjs takes a seed of 0 as none); 0, −1 and 1.5 are refused', () => {
  for (const seed of [1, 2, 3, 11]) {
    const run = () => trainToyGan(data, generatorLossNonSaturating, { ...tiny, seed });
    assert.deepEqual(run(), run(), `seed ${seed}`);
  }
  for (const seed of [0, -1, 1.5]) {
    assert.throws(
      () => trainToyGan(data, generatorLossNonSaturating, { ...tiny, seed }),
      new RegExp(
        `^Error: seed = ${seed}; pass a whole number from 1 up \\(tfjs ops take a seed of 0 as no seed, ` +
          'so some of the weights would come out different on every run\\)',
      ),
    );
  }
});

test('the warm-up is exactly W discriminator updates of one noise batch each, and leaves the generator as it was', () => {
  // With no generator steps the samples are the initial generator on the noise left after the warm-up's draws, so
  // runs that draw equally many noise values (W · batch size) sample alike, and no warm-up draws nothing.
  const samples = (discriminatorWarmupSteps: number, batchSize: number) =>
    trainToyGan(data, generatorLossNonSaturating, { ...tiny, steps: 0, discriminatorWarmupSteps, batchSize }).samples;
  assert.deepEqual(samples(0, 8), samples(0, 16));
  assert.deepEqual(samples(2, 8), samples(1, 16));
  assert.notDeepEqual(samples(1, 8), samples(0, 8));
});

test('initial weights: shapes, and continuous N(0, 2), N(0, 0.25), N(0, 1/hidden) draws, b2 = 0', () => {
  const hidden = 100_000;
  const before = tf.memory().numTensors;
  const mlp = createMlp(hidden, 1);
  try {
    assert.equal(tf.memory().numTensors - before, 4, 'the four variables only, their initial tensors released');
    assert.deepEqual(
      [mlp.w1.shape, mlp.b1.shape, mlp.w2.shape, mlp.b2.shape],
      [[1, hidden], [hidden], [hidden, 1], [1]],
    );
    assert.deepEqual(Array.from(mlp.b2.dataSync()), [0]);
    for (const [name, sd] of [
      ['w1', Math.SQRT2],
      ['b1', 0.5],
      ['w2', 1 / Math.sqrt(hidden)],
    ] as const) {
      const values = Array.from(mlp[name].dataSync());
      // Standard errors at n = 100,000: of the mean sd/316, of the standard deviation sd/447; tolerances ≈ 5 of them.
      assertClose(mean(values), 0, sd / 60, `mean of ${name}`);
      assertClose(Math.sqrt(variance(values)), sd, sd / 90, `standard deviation of ${name}`);
      assert.ok(!values.some(Number.isInteger), `${name}: float32 draws, not rounded to whole numbers`);
    }
  } finally {
    tf.dispose([mlp.w1, mlp.b1, mlp.w2, mlp.b2]);
  }
});
