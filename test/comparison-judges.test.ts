import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ControlScores } from '../src/comparison/controls';
import { DEFAULT_JUDGES, judgingScores, scoreList, steadinessScores } from '../src/comparison/judges';
import { baseScores } from './support/comparison-runs';

// The controls as the full-settings evaluator scores them (chapter 07, 1,000 images each), rounded.
const measured: ControlScores = {
  real: {
    ...baseScores,
    meanConfidence: 0.999,
    classEntropy: 2.3,
    precision: 0.865,
    recall: 0.864,
    density: 0.807,
    coverage: 0.894,
    frechet: 75.1,
    relativeSharpness: 1.02,
  },
  blurred: {
    ...baseScores,
    meanConfidence: 0.985,
    classEntropy: 2.3,
    precision: 0.905,
    recall: 0,
    density: 0.848,
    coverage: 0.207,
    frechet: 459,
    relativeSharpness: 0.304,
  },
  oneClass: {
    ...baseScores,
    meanConfidence: 0.999,
    classEntropy: 0,
    precision: 0.85,
    recall: 0.114,
    density: 0.761,
    coverage: 0.138,
    frechet: 981,
    relativeSharpness: 0.6,
  },
  averaged: {
    ...baseScores,
    meanConfidence: 0.332,
    classEntropy: 0,
    precision: 1,
    recall: 0,
    density: 0.2,
    coverage: 0.001,
    frechet: 1290,
    relativeSharpness: 0.0451,
  },
};

test('the controls of the full-settings evaluator select DEFAULT_JUDGES, and say why each other score fails', () => {
  const judges = judgingScores(measured);
  assert.deepEqual({ quality: judges.quality, variety: judges.variety }, DEFAULT_JUDGES);
  const reasons = Object.fromEntries(judges.rejected.map((r) => [r.metric, r.reason]));
  assert.deepEqual(Object.keys(reasons).sort(), ['coverage', 'density', 'precision', 'recall']);
  assert.equal(reasons.precision, 'rates the blurred digits (0.905) at least as high as real digits (0.865)');
  assert.equal(reasons.density, 'rates the blurred digits (0.848) at least as high as real digits (0.807)');
  assert.equal(
    reasons.coverage,
    "rates the blurred digits, as varied as real ones, at 0.207, below half of real digits' 0.894",
  );
  // Recall rates the average digit (0) below real digits, as it should, but fails on blur like coverage.
  assert.match(reasons.recall, /rates the blurred digits, as varied as real ones, at 0, below half/);
});

test('each rule in turn: a score that the average digit, a single class or blur fools is left out', () => {
  // Precision below real for blur but 1 for the average digit: still out, now for the average digit.
  const precisionFooled = judgingScores({
    ...measured,
    blurred: { ...measured.blurred, precision: 0.5, density: 0.5 },
  });
  assert.ok(precisionFooled.quality.includes('density'), 'density passes once blur lowers it');
  assert.match(
    precisionFooled.rejected.find((r) => r.metric === 'precision')!.reason,
    /rates the average digit \(1\) at least as high/,
  );
  // Fréchet distance is better when lower: a blurred set closer to real digits than real digits themselves fools it.
  const frechetFooled = judgingScores({ ...measured, blurred: { ...measured.blurred, frechet: 70 } });
  assert.match(
    frechetFooled.rejected.find((r) => r.metric === 'frechet')!.reason,
    /rates the blurred digits \(70\) at least as low as real digits \(75\.1\)/,
  );
  // A variety score must see a single class.
  const entropyFooled = judgingScores({ ...measured, oneClass: { ...measured.oneClass, classEntropy: 2.3 } });
  assert.deepEqual(entropyFooled.variety, []);
  // Blur at exactly half of real digits is still allowed for variety.
  assert.ok(
    judgingScores({ ...measured, blurred: { ...measured.blurred, coverage: 0.447 } }).variety.includes('coverage'),
  );
});

test('steadiness compares spreads only of bounded judges (and density); scoreList reads as prose', () => {
  assert.deepEqual(steadinessScores(DEFAULT_JUDGES), ['meanConfidence', 'classEntropy']);
  assert.deepEqual(steadinessScores({ quality: ['density', 'frechet'], variety: ['coverage'] }), [
    'density',
    'coverage',
  ]);
  assert.equal(
    scoreList(['meanConfidence', 'frechet', 'sharpnessGap']),
    'mean confidence, Fréchet distance and |sharpness − 1|',
  );
  assert.equal(scoreList(['classEntropy']), 'class entropy (nats)');
});
