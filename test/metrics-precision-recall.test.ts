import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { knnPrecisionRecall } from '../src/metrics';
import { normalRng, uniformRng } from '../src/maths';

const column = (values: number[]) => values.map((v) => [v]);

/** n points spread uniformly over the rectangle [0, width] × [0, 1]. */
function uniformRectangle(n: number, width: number, seed: number): number[][] {
  const uniform = uniformRng(seed);
  return Array.from({ length: n }, () => [width * uniform(), uniform()]);
}

before(async () => {
  await tf.setBackend('cpu');
});

test('by hand in 1-D with k = 1: real {0, 1, 2, 3, 10}, generated {0.5, 2.5} give precision 1, recall 4/5', () => {
  // Real radii: 1, 1, 1, 1 and 7 (10's nearest is 3). Generated radii: 2 and 2. Only the real 10 is uncovered.
  assert.deepEqual(knnPrecisionRecall(column([0, 1, 2, 3, 10]), column([0.5, 2.5]), 1), { precision: 1, recall: 0.8 });
});

test("an outlying generated point lowers precision and inflates recall (the paper's caveat)", () => {
  // Generated 20 is 10 from real 10, beyond its radius 7; its own radius, 17.5, swallows real 10.
  assert.deepEqual(knnPrecisionRecall(column([0, 1, 2, 3, 10]), column([0.5, 2.5, 20]), 1), {
    precision: 2 / 3,
    recall: 1,
  });
});

test('identical clouds give precision 1 and recall 1', () => {
  const normal = normalRng(1);
  const cloud = Array.from({ length: 300 }, () => [normal(), normal(), normal()]);
  assert.deepEqual(knnPrecisionRecall(cloud, tf.tensor2d(cloud)), { precision: 1, recall: 1 });
});

test('disjoint clouds give precision 0 and recall 0', () => {
  const real = uniformRectangle(300, 1, 2);
  const generated = uniformRectangle(300, 1, 3).map(([x, y]) => [x + 5, y]);
  assert.deepEqual(knnPrecisionRecall(real, generated), { precision: 0, recall: 0 });
});

test('a generator covering half the real support: precision ≈ 1, recall ≈ 0.5', () => {
  // Real points fill [0, 2] × [0, 1]; generated ones fill [0, 1] × [0, 1] at the same density. Recall should match
  // the share of real points that fall in the left half (0.5 ± 0.016 by chance): generated balls reach a little past
  // x = 1 (radii ≈ 0.04) but leave small gaps inside; precision loses a little at the edges, where real balls thin out.
  const real = uniformRectangle(1000, 2, 4);
  const leftShare = real.filter(([x]) => x <= 1).length / real.length;
  const { precision, recall } = knnPrecisionRecall(real, uniformRectangle(500, 1, 5));
  assert.ok(precision > 0.95, `precision ${precision}`);
  assert.ok(Math.abs(recall - leftShare) < 0.03, `recall ${recall}, share of real points on the left ${leftShare}`);
  assert.ok(Math.abs(recall - 0.5) < 0.05, `recall ${recall}`);
});

test('bad input: mismatched feature sizes, too few points for k, NaN; no tensors leak', () => {
  const before = tf.memory().numTensors;
  assert.throws(
    () =>
      knnPrecisionRecall(
        [
          [0, 0],
          [1, 1],
        ],
        [[0], [1]],
      ),
    /rows of the real set have 2 features but rows of the generated set have 1/,
  );
  assert.throws(() => knnPrecisionRecall(column([0, 1, 2]), column([0, 1, 2, 3])), /k = 3 needs more than 3 points/);
  assert.throws(() => knnPrecisionRecall(column([0, NaN]), column([0, 1])), /row 1 holds NaN/);
  // The real set is already a tensor when the generated one fails its check.
  assert.throws(() => knnPrecisionRecall(column([0, 1]), column([0, NaN])), /the generated set row 1 holds NaN/);
  knnPrecisionRecall(column([0, 1, 2, 3]), column([0, 1, 2, 3]));
  assert.equal(tf.memory().numTensors, before);
});

test("a generated point exactly on a real ball's edge is inside it (‖q − s‖ ≤ r)", () => {
  // k = 1 on real points 0 and 2: each ball has radius 2, so 4 lies on the edge of the ball around 2, and 4.5 outside.
  assert.equal(knnPrecisionRecall(column([0, 2]), column([4, 4.5]), 1).precision, 0.5);
});

test('empty sets are refused by name', () => {
  assert.throws(() => knnPrecisionRecall([], column([0, 1])), /the real set has no rows/);
  assert.throws(() => knnPrecisionRecall(column([0, 1]), []), /the generated set has no rows/);
});
