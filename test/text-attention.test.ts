import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  attention,
  causalMask,
  meanRowEntropy,
  mergeHeads,
  multiHeadSelfAttention,
  saturationTable,
  splitHeads,
} from '../src/text';

/** softmax(q·k/√d)v by loops over plain arrays: the formula, one number at a time. */
function loopAttention(
  q: number[][],
  k: number[][],
  v: number[][],
  causal: boolean,
): { output: number[][]; weights: number[][] } {
  const d = q[0].length;
  const weights = q.map((qi, t) => {
    const scores = k.map((kj, s) =>
      causal && s > t ? -Infinity : qi.reduce((sum, x, m) => sum + x * kj[m], 0) / Math.sqrt(d),
    );
    const top = Math.max(...scores);
    const e = scores.map((x) => Math.exp(x - top));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / total);
  });
  const output = weights.map((row) => v[0].map((_, c) => row.reduce((sum, w, s) => sum + w * v[s][c], 0)));
  return { output, weights };
}

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

test('attention matches the loop implementation of the formula, with and without the causal mask', () => {
  const [q, k, v] = [random([5, 4], 1), random([5, 4], 2), random([5, 3], 3)];
  for (const causal of [false, true]) {
    const expected = loopAttention(
      q.arraySync() as number[][],
      k.arraySync() as number[][],
      v.arraySync() as number[][],
      causal,
    );
    const { output, weights } = attention(q, k, v, { causal });
    const [o, w] = [output.arraySync() as number[][], weights.arraySync() as number[][]];
    o.forEach((row, t) =>
      row.forEach((x, c) => assert.ok(Math.abs(x - expected.output[t][c]) < 1e-5, `output ${t},${c} causal=${causal}`)),
    );
    w.forEach((row, t) =>
      row.forEach((x, s) => assert.ok(Math.abs(x - expected.weights[t][s]) < 1e-6, `weight ${t},${s}`)),
    );
    tf.dispose([output, weights]);
  }
  tf.dispose([q, k, v]);
});

test('every row of weights sums to 1; under the causal mask nothing above the diagonal gets weight', () => {
  const x = random([2, 6, 8], 4);
  const { output, weights } = attention(x, x, x, { causal: true });
  const rows = weights.sum(-1).dataSync();
  rows.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-6));
  const w = weights.arraySync() as number[][][];
  for (const matrix of w)
    matrix.forEach((row, t) =>
      row.forEach((p, s) => {
        if (s > t) assert.equal(p, 0);
      }),
    );
  assert.equal(w[0][0][0], 1); // the first position sees only itself
  const mask = causalMask(3).arraySync();
  assert.deepEqual(
    mask.map((row) => row.map((m) => (m === 0 ? 0 : 1))),
    [
      [0, 1, 1],
      [0, 0, 1],
      [0, 0, 0],
    ],
  );
  tf.dispose([x, output, weights]);
});

test('without positions, self-attention is permutation-equivariant: permuted inputs give the same outputs permuted', () => {
  const x = random([6, 4], 5);
  const order = [3, 0, 5, 1, 4, 2];
  const permuted = tf.gather(x, order);
  const a = attention(x, x, x).output;
  const b = attention(permuted, permuted, permuted).output;
  const expected = tf.gather(a, order);
  assert.ok(tf.max(tf.abs(tf.sub(b, expected))).dataSync()[0] < 1e-5);
  tf.dispose([x, permuted, a, b, expected]);
});

test('splitting into heads is a reshape that mergeHeads undoes, and multi-head attention equals per-head attention', () => {
  const x = random([2, 5, 6], 6) as tf.Tensor3D;
  const split = splitHeads(x, 3);
  assert.deepEqual(split.shape, [2, 3, 5, 2]);
  assert.deepEqual(mergeHeads(split).arraySync(), x.arraySync());
  // Head h holds features 2h, 2h+1 of each position.
  assert.deepEqual(
    split.slice([0, 1, 0, 0], [1, 1, 5, 2]).reshape([5, 2]).arraySync(),
    x.slice([0, 0, 2], [1, 5, 2]).reshape([5, 2]).arraySync(),
  );
  const eye = tf.eye(6) as tf.Tensor2D;
  const { output, weights } = multiHeadSelfAttention(x, { query: eye, key: eye, value: eye, output: eye }, 3);
  assert.deepEqual(weights.shape, [2, 3, 5, 5]);
  const head1 = x.slice([1, 0, 2], [1, 5, 2]).reshape([5, 2]);
  const expected = attention(head1, head1, head1).output;
  const got = output.slice([1, 0, 2], [1, 5, 2]).reshape([5, 2]);
  assert.ok(tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0] < 1e-5);
  assert.throws(() => splitHeads(x, 4), /6 features cannot be split into 4 equal heads/);
  tf.dispose([x, split, eye, output, weights, head1, expected, got]);
});

test('row entropy is ln T for uniform rows and 0 for one-hot rows', () => {
  const uniform = tf.fill([3, 4, 4], 0.25);
  assert.ok(Math.abs(meanRowEntropy(uniform) - Math.log(4)) < 1e-6);
  const oneHot = tf.oneHot(tf.tensor1d([0, 2, 1], 'int32'), 3).toFloat();
  assert.ok(Math.abs(meanRowEntropy(oneHot)) < 1e-6);
  tf.dispose([uniform, oneHot]);
});

test('H17: unscaled scores saturate the softmax as d_k grows, scaled ones keep the entropy level', () => {
  const before = tf.memory().numTensors;
  const rows = saturationTable([4, 64, 256], { length: 16, samples: 8, seed: 1 });
  assert.equal(tf.memory().numTensors, before);
  const [small, , large] = rows;
  assert.ok(large.unscaled < 0.3 * small.unscaled, `unscaled ${small.unscaled} → ${large.unscaled}`);
  assert.ok(Math.abs(large.scaled - small.scaled) < 0.25, `scaled ${small.scaled} → ${large.scaled}`);
  assert.ok(rows.every((r) => r.scaled <= Math.log(16) && r.unscaled >= 0));
});

test('H17 refuses a seed that hands tfjs a 0 (seed 0, or seed −1 for the first K), and leaks nothing', () => {
  const before = tf.memory().numTensors;
  for (const seed of [0, -1]) {
    assert.throws(() => saturationTable([4], { length: 4, samples: 2, seed }), {
      name: 'RangeError',
      message: /^seed 0 cannot seed TensorFlow.js repeatably/,
    });
  }
  assert.equal(tf.memory().numTensors, before);
});

test('attention leaks no tensors', () => {
  const x = random([1, 4, 4], 7) as tf.Tensor3D;
  const eye = tf.eye(4) as tf.Tensor2D;
  const run = () => {
    const r = multiHeadSelfAttention(x, { query: eye, key: eye, value: eye, output: eye }, 2, { causal: true });
    tf.dispose([r.output, r.weights]);
  };
  run();
  const before = tf.memory().numTensors;
  run();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, eye]);
});
