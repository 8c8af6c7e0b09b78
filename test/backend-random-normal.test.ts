// tf.randomNormal with Alea written out (src/backend/random-normal.ts) gives tfjs's own numbers, bit for bit.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { useFasterRandomNormal } from '../src/backend/random-normal';
import { withSeed } from '../src/training/seeded';

const tfjsRandomNormal = (require('@tensorflow/tfjs-core') as { randomNormal: typeof tf.randomNormal }).randomNormal;

before(async () => {
  await tf.setBackend('cpu');
  useFasterRandomNormal();
});

test('tf.randomNormal is replaced', () => assert.notEqual(tf.randomNormal, tfjsRandomNormal));

// [shape, mean, standard deviation, seed]: odd and even sizes (tfjs keeps each pair's second value), one value, none.
const cases: [number[], number, number, number | undefined][] = [
  [[64, 100], 0, 1, 1],
  [[7, 3, 5], 0, 1, 42],
  [[1], 0, 1, 0.25],
  [[0, 4], 0, 1, 3],
  [[1001], -2.5, 0.3, 7],
  [[64, 100], 0, 1, undefined], // from Math.random, fixed by withSeed
  [[33], 1, 2, 0], // tfjs takes a seed of 0 as none
];
for (const [shape, mean, stdDev, seed] of cases) {
  test(`shape [${shape}], mean ${mean}, sd ${stdDev}, seed ${seed}: tfjs's values exactly`, () => {
    const draw = (randomNormal: typeof tf.randomNormal) =>
      withSeed(5, () => {
        const tensor = randomNormal(shape, mean, stdDev, 'float32', seed);
        const values = { shape: tensor.shape, dtype: tensor.dtype, values: tensor.dataSync().slice() };
        tensor.dispose();
        return values;
      });
    assert.deepEqual(draw(tf.randomNormal), draw(tfjsRandomNormal));
  });
}

test("int32 goes to tfjs's own, which rounds", () => {
  const [ours, tfjs] = [tf.randomNormal([50], 0, 10, 'int32', 9), tfjsRandomNormal([50], 0, 10, 'int32', 9)];
  assert.equal(ours.dtype, 'int32');
  assert.deepEqual(ours.dataSync(), tfjs.dataSync());
  tf.dispose([ours, tfjs]);
});

test('a bad shape is refused as tfjs refuses it', () => {
  assert.throws(() => tf.randomNormal([2, -1]), /negative|non-negative|integer/i);
  assert.throws(() => tf.randomNormal([2.5]), /negative|non-negative|integer/i);
});
