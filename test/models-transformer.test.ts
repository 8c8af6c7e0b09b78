import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { attentionWeights, buildTransformer, languageModelLoss, LayerNorm, transformerLogits, withSeed } from '../src';

const config = { vocabularySize: 7, contextLength: 6, modelDim: 8, numLayers: 2, numHeads: 2 };
const tiny = () => withSeed(1, () => buildTransformer(config));

test('shapes: ids [B, T] give logits [B, T, V] for every T up to the context length, attention [B, heads, T, T]', () => {
  const lm = tiny();
  assert.deepEqual(lm.model.inputs[0].shape, [null, null]);
  assert.deepEqual(lm.model.outputs[0].shape, [null, null, 7]);
  for (const length of [1, 4, 6]) {
    const ids = tf.zeros([2, length]) as tf.Tensor2D;
    const logits = transformerLogits(lm, ids);
    assert.deepEqual(logits.shape, [2, length, 7]);
    const weights = attentionWeights(lm, ids, 1);
    assert.deepEqual(weights.shape, [2, 2, length, length]);
    tf.dispose([ids, logits, weights]);
  }
});

test('causal: changing a later token leaves the logits of every earlier position unchanged', () => {
  const lm = tiny();
  const a = tf.tensor2d([[1, 2, 3, 4, 5, 6]]);
  const b = tf.tensor2d([[1, 2, 3, 0, 0, 0]]);
  const [la, lb] = [transformerLogits(lm, a).arraySync()[0], transformerLogits(lm, b).arraySync()[0]];
  for (let t = 0; t < 3; t++) la[t].forEach((x, v) => assert.ok(Math.abs(x - lb[t][v]) < 1e-5, `position ${t}`));
  assert.ok(
    la[3].some((x, v) => Math.abs(x - lb[3][v]) > 1e-4),
    'position 3 sees its own token',
  );
  tf.dispose([a, b]);
});

test("a context longer than the model's is an error that gives the limit", () => {
  const lm = tiny();
  const ids = tf.zeros([1, 7]) as tf.Tensor2D;
  assert.throws(() => transformerLogits(lm, ids), /A context of 7 tokens is longer than the model's 6: give at most 6/);
  assert.throws(() => attentionWeights(lm, ids, 0), /longer than the model's 6/);
  ids.dispose();
});

test('the loss at initialisation is close to ln V (uniform guesses), and its gradient matches finite differences', () => {
  const lm = tiny();
  const ids = tf.tensor2d([
    [1, 2, 3, 4, 5, 6, 0],
    [6, 5, 4, 3, 2, 1, 0],
  ]);
  const loss = () => languageModelLoss(lm, ids);
  const initial = tf.tidy(() => loss().dataSync()[0]);
  assert.ok(Math.abs(initial - Math.log(7)) < 0.5, `initial loss ${initial}`);
  const { grads } = tf.variableGrads(loss);
  // Spot-check entries of an attention projection, an MLP kernel, a layer-norm gain and the embedding.
  for (const name of [
    'block1_attention/query',
    'block2_mlp_in/kernel',
    'block1_norm2/gain',
    'embedding/tokens',
    'embedding/positions',
  ]) {
    const variable = lm.model.trainableWeights.find((w) => w.originalName === name || w.name.startsWith(name))!;
    assert.ok(variable, name);
    const original = variable.read().clone();
    const analytic = grads[(variable.read() as tf.Variable).name].dataSync();
    const values = original.dataSync().slice();
    const epsilon = 1e-2;
    for (const index of [0, 3]) {
      const at = (delta: number) => {
        const changed = values.slice();
        changed[index] += delta;
        variable.write(tf.tensor(changed, original.shape));
        return tf.tidy(() => loss().dataSync()[0]);
      };
      const numeric = (at(epsilon) - at(-epsilon)) / (2 * epsilon);
      assert.ok(
        Math.abs(numeric - analytic[index]) < 2e-3 + 0.05 * Math.abs(analytic[index]),
        `${name}[${index}]: ${numeric} vs ${analytic[index]}`,
      );
    }
    variable.write(original);
  }
  tf.dispose(Object.values(grads));
  ids.dispose();
});

test('LayerNorm gives each position mean 0 and variance 1 before its gain and bias', () => {
  const x = tf.tensor3d([
    [
      [1, 2, 3, 6],
      [0, 0, 4, 4],
    ],
  ]);
  const y = new LayerNorm().apply(x) as tf.Tensor;
  const rows = y.arraySync() as number[][][];
  for (const row of rows[0]) {
    const mean = row.reduce((a, b) => a + b) / 4;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    assert.ok(Math.abs(mean) < 1e-6 && Math.abs(variance - 1) < 1e-3);
  }
  tf.dispose([x, y]);
});

test('a training step leaks no tensors', () => {
  const lm = tiny();
  const optimizer = tf.train.adam(1e-3);
  const ids = tf.tensor2d([[1, 2, 3, 4, 5, 6, 0]]);
  const step = () => (optimizer.minimize(() => languageModelLoss(lm, ids, true), true) as tf.Scalar).dispose();
  step();
  const before = tf.memory().numTensors;
  step();
  assert.equal(tf.memory().numTensors, before);
  ids.dispose();
});

test('residual dropout: the model without it and with it give the same logits at inference, other ones in training', () => {
  const plain = tiny();
  const dropped = withSeed(1, () => buildTransformer({ ...config, dropout: 0.5 }));
  assert.equal(dropped.model.layers.filter((l) => l.getClassName() === 'Dropout').length, 2 * config.numLayers);
  const ids = tf.tensor2d([[1, 2, 3, 4, 5, 6]]);
  const [p, d] = [transformerLogits(plain, ids), transformerLogits(dropped, ids)];
  assert.deepEqual(d.arraySync(), p.arraySync());
  const training = transformerLogits(dropped, ids, true);
  const largestChange = tf.tidy(() => tf.max(tf.abs(tf.sub(training, p))).dataSync()[0]);
  assert.ok(largestChange > 1e-3, 'dropout changes training outputs');
  tf.dispose([ids, p, d, training]);
});
