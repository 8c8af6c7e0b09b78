import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradientEnergy, relativeSharpness } from '../src/metrics';
import { closeWithin } from './support/close';

const close = closeWithin(1e-6);

const checkerboard = [
  [0, 1, 0],
  [1, 0, 1],
  [0, 1, 0],
];
const stripes = [
  [0, 1],
  [0, 1],
];
const ramp = [
  [0, 0.5, 1],
  [0, 0.5, 1],
];

before(async () => {
  await tf.setBackend('cpu');
});

test('gradient energy by hand: flat 0, vertical stripes 1, a 3 × 3 checkerboard 2, a ramp 0.25', () => {
  assert.deepEqual(Array.from(gradientEnergy(tf.fill([1, 4, 4], 0.7))), [0]);
  assert.deepEqual(Array.from(gradientEnergy(tf.tensor3d([stripes]))), [1]); // horizontal (1² + 1²)/2, vertical 0
  assert.deepEqual(Array.from(gradientEnergy(tf.tensor3d([checkerboard]))), [2]); // every difference is ±1
  close(gradientEnergy(tf.tensor3d([ramp]))[0], 0.25); // horizontal 0.5² on all 4 pairs, vertical 0
});

test('gradient energy is per image and accepts a trailing channel of 1', () => {
  const images = tf.tensor3d([checkerboard, checkerboard.map((row) => row.map((x) => x / 2))]).expandDims(3);
  assert.deepEqual(Array.from(gradientEnergy(images)), [2, 0.5]);
});

test('relative sharpness: the same set 1, half the contrast 1/4, a 3 × 3 box blur of a checkerboard 1/81', () => {
  const real = tf.tensor3d([checkerboard, checkerboard]);
  close(relativeSharpness(real, real), 1);
  close(relativeSharpness(real.mul(0.5), real), 0.25);
  // Box-blurring a 5 × 5 checkerboard leaves 3 × 3 alternating values 5/9 and 4/9: differences of 1/9, not 1.
  const board = tf.tensor4d(
    Array.from({ length: 25 }, (_, i) => (Math.floor(i / 5) + (i % 5)) % 2),
    [1, 5, 5, 1],
  );
  const blurred = tf.avgPool(board, 3, 1, 'valid'); // [1, 3, 3, 1]: values 4/9 and 5/9
  close(relativeSharpness(blurred, board.slice([0, 1, 1, 0], [1, 3, 3, 1])), (1 / 9) ** 2);
});

test('bad input: mixed pixel ranges, wrong shapes, too small, NaN; no tensors leak', () => {
  const unit = tf.tensor3d([stripes]);
  const signed = tf.tensor3d([stripes.map((row) => row.map((x) => 2 * x - 1))]);
  const [colour, flat, withNaN] = [
    tf.zeros([2, 28, 28, 3]),
    tf.zeros([2, 784]),
    tf.tensor3d([
      [
        [0, NaN],
        [0, 1],
      ],
    ]),
  ];
  const tooSmall = [
    [0, 4, 4],
    [1, 1, 4],
    [1, 4, 1],
    [1, 2, 2, 1, 1],
  ].map((shape) => tf.zeros(shape));
  const before = tf.memory().numTensors;
  assert.throws(() => relativeSharpness(signed, unit), /samples have negative pixels but the real images do not/);
  assert.throws(
    () => relativeSharpness(unit, signed),
    /^Error: the real images have negative pixels but the samples do not; put both in one range/,
  );
  assert.throws(() => gradientEnergy(colour), /^Error: the images have shape \[2,28,28,3\]; pass greyscale/);
  assert.throws(() => gradientEnergy(flat), /shape \[2,784\]/);
  assert.throws(() => gradientEnergy(withNaN), /NaN/);
  // Too small or too many axes: one image of 1 row or 1 column has no vertical or horizontal neighbours.
  for (const images of tooSmall) {
    assert.throws(() => gradientEnergy(images), /at least one of at least 2 × 2 pixels/, `[${images.shape}]`);
  }
  relativeSharpness(unit, unit);
  assert.equal(tf.memory().numTensors, before);
});
