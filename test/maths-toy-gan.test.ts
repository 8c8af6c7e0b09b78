import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatorLossNonSaturating, generatorLossSaturating } from '../src/losses';
import { article004GeneratorLoss, FINAL_SAMPLE_COUNT, generatorLossLogitGradient, trainToyGan } from '../src/maths';
import { withoutLeaks } from './support/leaks';

const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));
const logits = [-6, -2, 0, 3];
const data = [{ weight: 0.5, mean: 4, std: 0.5 }, { weight: 0.5, mean: 7, std: 0.5 }];
const config = {
  steps: 20, batchSize: 64, hiddenUnits: 16, learningRate: 0.003, discriminatorWarmupSteps: 200, seed: 1,
};

test('d/da of the saturating loss is −σ(a), of the non-saturating −(1 − σ(a)), of 004\'s +σ(a)', () => {
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
  assert.equal(first.samples.length, FINAL_SAMPLE_COUNT);
});

test('after the warm-up D rejects the fakes, and the saturating loss gives the smaller first gradient', () => {
  const saturating = trainToyGan(data, generatorLossSaturating, config);
  const nonSaturating = trainToyGan(data, generatorLossNonSaturating, config);
  assert.ok(saturating.meanDOfFake[0] < 0.1);
  assert.equal(saturating.meanDOfFake[0], nonSaturating.meanDOfFake[0]); // same start
  assert.ok(saturating.generatorGradientNorm[0] < 0.2 * nonSaturating.generatorGradientNorm[0]);
});
