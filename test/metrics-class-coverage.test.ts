import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { classCoverage } from '../src/metrics';
import { closeWithin } from './support/close';

const close = closeWithin(1e-12);

/** A softmax row over `classes` classes putting `confidence` on `label` and the rest evenly on the others. */
function softmaxRow(label: number, confidence: number, classes = 10): number[] {
  return Array.from({ length: classes }, (_, c) => (c === label ? confidence : (1 - confidence) / (classes - 1)));
}

before(async () => {
  await tf.setBackend('cpu');
});

test('predictions spread evenly over 10 classes give entropy ln 10 and 10 covered classes', () => {
  const coverage = classCoverage(Array.from({ length: 100 }, (_, i) => softmaxRow(i % 10, 0.9)));
  close(coverage.entropy, Math.log(10));
  assert.equal(coverage.coveredClasses, 10);
  close(coverage.meanConfidence, 0.9);
});

test('every prediction in one class gives entropy 0 and 1 covered class', () => {
  const coverage = classCoverage(tf.tensor2d(Array.from({ length: 50 }, () => softmaxRow(3, 0.5))));
  assert.equal(coverage.entropy, 0);
  assert.equal(coverage.coveredClasses, 1);
  assert.deepEqual(coverage.classShares, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  close(coverage.meanConfidence, 0.5, 1e-7); // float32 tensor
});

test('by hand: shares ½, ¼, ¼ give entropy 1.5 ln 2, and the mean confidence averages the row maxima', () => {
  const rows = [
    [0.7, 0.2, 0.1],
    [0.6, 0.3, 0.1],
    [0.2, 0.5, 0.3],
    [0.1, 0.1, 0.8],
  ];
  const coverage = classCoverage(rows);
  assert.deepEqual(coverage.classShares, [0.5, 0.25, 0.25]);
  close(coverage.entropy, 1.5 * Math.log(2)); // −(½ ln ½ + 2 · ¼ ln ¼)
  close(coverage.meanConfidence, (0.7 + 0.6 + 0.5 + 0.8) / 4);
});

test('a class holding 1 of 100 predictions (1%) is not covered; one holding 2 (2%) is', () => {
  const labels = [...new Array<number>(97).fill(0), 1, 2, 2];
  assert.equal(classCoverage(labels.map((label) => softmaxRow(label, 0.9))).coveredClasses, 2);
});

test('logits or NaN instead of softmax rows are refused with a hint', () => {
  assert.throws(() => classCoverage([[2.0, -1.0, 0.5]]), /row 0 sums to 1\.500.*apply tf\.softmax first/);
  assert.throws(() => classCoverage([[1.2, -0.2]]), /negative entry/);
  assert.throws(() => classCoverage([[0.5, 0.6]]), /row 0 sums to 1\.100/);
  assert.throws(
    () =>
      classCoverage([
        [0.5, 0.5],
        [NaN, 1],
      ]),
    /row 1 holds NaN/,
  );
});

test('rows with exact zeros are probabilities; an empty set is refused by name', () => {
  assert.deepEqual(
    classCoverage([
      [1, 0, 0],
      [0, 0, 1],
    ]).classShares,
    [0.5, 0, 0.5],
  );
  assert.throws(() => classCoverage([]), /the softmax outputs has no rows/);
});
