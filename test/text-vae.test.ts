import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  BOS,
  buildTextVae,
  decodeGreedy,
  EOS,
  evaluateTextVae,
  klWeightAt,
  PAD,
  sentenceBatch,
  sentencesOf,
  textVaeLoss,
  textVaeTerms,
  uniformRng,
  UNK,
  trainTextVae,
  withSeed,
  WordVocabulary,
} from '../src';

const config = { vocabularySize: 9, length: 5, embeddingDim: 4, hiddenDim: 6, latentDim: 3 };
const tiny = () => withSeed(1, () => buildTextVae(config));
const settings = {
  config: { embeddingDim: 4, hiddenDim: 8, latentDim: 2 },
  numEpochs: 3,
  batchSize: 4,
  learningRate: 0.03,
  seed: 1,
};

test('sentences: split at . ! ? ; and :, lower-cased words; the vocabulary keeps the most frequent, the rest is <unk>', () => {
  assert.deepEqual(sentencesOf('Call me Ishmael. Some years ago; never mind!  How long?'), [
    ['call', 'me', 'ishmael'],
    ['some', 'years', 'ago'],
    ['never', 'mind'],
    ['how', 'long'],
  ]);
  const vocabulary = new WordVocabulary(
    [
      ['a', 'b', 'a'],
      ['a', 'c', 'b'],
    ],
    6,
  );
  assert.deepEqual(vocabulary.words, ['<pad>', '<s>', '</s>', '<unk>', 'a', 'b']);
  assert.deepEqual(vocabulary.encode(['a', 'c', 'b']), [4, UNK, 5, EOS]);
  assert.equal(vocabulary.decode([4, UNK, 5, EOS, 4]), 'a <unk> b');
});

test("a batch pads the encoder's input first and the decoder's after; word dropout replaces words by <unk>", () => {
  const batch = sentenceBatch(
    [
      [4, 5, EOS],
      [6, EOS],
    ],
    4,
    { wordDropout: 0 },
  );
  assert.deepEqual(batch.encoderInput.arraySync(), [
    [PAD, 4, 5, PAD],
    [PAD, PAD, 6, PAD],
  ]);
  assert.deepEqual(batch.decoderInput.arraySync(), [
    [BOS, 4, 5, PAD],
    [BOS, 6, PAD, PAD],
  ]);
  assert.deepEqual(batch.targets.arraySync(), [
    [4, 5, EOS, PAD],
    [6, EOS, PAD, PAD],
  ]);
  assert.deepEqual(batch.mask.arraySync(), [
    [1, 1, 1, 0],
    [1, 1, 0, 0],
  ]);
  const dropped = sentenceBatch([[4, 5, EOS]], 4, { wordDropout: 1 });
  assert.deepEqual(dropped.decoderInput.arraySync(), [[BOS, UNK, UNK, PAD]]);
  assert.throws(() => sentenceBatch([[4, 5, 6, 7, EOS]], 4), /at most 4 ids/);
});

test('word dropout replaces each read word with probability p, never <s>, the padding or a target', () => {
  const rows = Array.from({ length: 500 }, (_, i) => [4 + (i % 5), 5, 6, 7, 8, 4, 5, 6, 7, EOS]); // 9 words each
  for (const p of [0.25, 0.5]) {
    const batch = sentenceBatch(rows, 12, { wordDropout: p, random: uniformRng(`dropout ${p}`) });
    const input = batch.decoderInput.arraySync();
    assert.ok(input.every((row) => row[0] === BOS && row.slice(10).every((id) => id === PAD)));
    const replaced = input.flatMap((row) => row.slice(1, 10)).filter((id) => id === UNK).length / (9 * rows.length);
    // 4,500 draws: the share's standard error is at most 0.0075, so 0.03 is four of them.
    assert.ok(Math.abs(replaced - p) < 0.03, `replaced ${replaced}, expected ${p}`);
    assert.deepEqual(
      batch.targets.arraySync(),
      rows.map((row) => [...row, PAD, PAD]),
    );
  }
});

test('a word dropout rate outside [0, 1] is refused with the range to use', () => {
  for (const rate of [-0.1, 1.5, NaN])
    assert.throws(() => sentenceBatch([[4, EOS]], 3, { wordDropout: rate }), /rate in \[0, 1\]/);
});

test('shapes: the encoder gives μ and log σ² [B, Z]; the decoder next-word logits [B, T, V]', () => {
  const vae = tiny();
  const batch = sentenceBatch(
    [
      [4, 5, EOS],
      [6, 7, 8, EOS],
    ],
    5,
  );
  const [mu, logVar] = vae.encoder.predict(batch.encoderInput) as tf.Tensor[];
  assert.deepEqual(
    [mu.shape, logVar.shape],
    [
      [2, 3],
      [2, 3],
    ],
  );
  const logits = vae.decoder.predict([batch.decoderInput, mu]) as tf.Tensor;
  assert.deepEqual(logits.shape, [2, 5, 9]);
  assert.deepEqual(
    decodeGreedy(vae, mu as tf.Tensor2D).map((w) => w.length),
    [5, 5],
  );
  tf.dispose([mu, logVar, logits]);
});

test('the terms: KL matches its closed form, reconstruction counts only real positions, and they sum to the −ELBO', () => {
  const vae = tiny();
  const rows = [
    [4, 5, EOS],
    [6, 7, 8, EOS],
  ];
  const batch = sentenceBatch(rows, 5);
  const { reconstruction, kl, klPerUnit } = textVaeTerms(vae, batch, 3);
  const [mu, logVar] = (vae.encoder.predict(batch.encoderInput) as tf.Tensor[]).map((t) => t.arraySync() as number[][]);
  const klByHand = mu.map((m, i) =>
    m.reduce((s, x, d) => s + 0.5 * (Math.exp(logVar[i][d]) + x * x - 1 - logVar[i][d]), 0),
  );
  kl.arraySync().forEach((k, i) => assert.ok(Math.abs(k - klByHand[i]) < 1e-5));
  const perUnitByHand = mu.map((m, i) => m.map((x, d) => 0.5 * (Math.exp(logVar[i][d]) + x * x - 1 - logVar[i][d])));
  klPerUnit.arraySync().forEach((row, i) => row.forEach((k, d) => assert.ok(Math.abs(k - perUnitByHand[i][d]) < 1e-6)));
  // At initialisation each word costs about ln V nats: 3 and 4 target positions.
  const r = reconstruction.arraySync();
  assert.ok(Math.abs(r[0] / 3 - Math.log(9)) < 0.3 && Math.abs(r[1] / 4 - Math.log(9)) < 0.3, `${r}`);
  const tensorsBefore = tf.memory().numTensors;
  const evaluation = evaluateTextVae(vae, rows, 3);
  assert.equal(tf.memory().numTensors, tensorsBefore, 'evaluating leaks no tensors');
  assert.ok(Math.abs(evaluation.negativeElbo - (evaluation.reconstruction + evaluation.kl)) < 1e-6);
  assert.ok(evaluation.activeUnits >= 0 && evaluation.activeUnits <= 3);
  tf.dispose([reconstruction, kl, klPerUnit]);
});

test('z reaches every decoder step directly: with z cut out of the initial state, the last word still depends on it', () => {
  const vae = tiny();
  for (const name of ['z_to_h', 'z_to_c']) {
    const [kernel, bias] = vae.decoder.getLayer(name).getWeights();
    vae.decoder.getLayer(name).setWeights([tf.zerosLike(kernel), bias]);
  }
  const previous = tf.tensor2d([[BOS, 4, 5, 6, 7]]);
  const z = tf.tensor2d([[0.3, -0.2, 0.5]]);
  const lastStepGradient = tf.grad((zz: tf.Tensor) =>
    (vae.decoder.apply([previous, zz]) as tf.Tensor3D)
      .slice([0, 4, 0], [1, 1, 9])
      .logSoftmax()
      .slice([0, 0, 4], [1, 1, 1])
      .sum(),
  )(z);
  assert.ok(tf.abs(lastStepGradient).max().dataSync()[0] > 1e-4, `${lastStepGradient.dataSync()}`);
  tf.dispose([previous, z, lastStepGradient]);
});

test('free bits: each unit’s batch-mean KL below λ costs λ; with λ = 0 the loss is reconstruction + β KL', () => {
  const terms = {
    reconstruction: tf.tensor1d([10, 20]),
    kl: tf.tensor1d([2.1, 0.3]),
    klPerUnit: tf.tensor2d([
      [0.1, 2],
      [0.3, 0],
    ]),
  };
  // Unit means 0.2 and 1: the first is lifted to λ = 0.5, the second is above it.
  assert.ok(Math.abs(textVaeLoss(terms, 0.5, 0.5).dataSync()[0] - (15 + 0.5 * (0.5 + 1))) < 1e-5);
  assert.ok(Math.abs(textVaeLoss(terms, 0.5, 0).dataSync()[0] - (15 + 0.5 * 1.2)) < 1e-5);
  assert.ok(Math.abs(textVaeLoss(terms, 1, 2).dataSync()[0] - (15 + 4)) < 1e-5);
});

test('KL annealing ramps the weight from 0 to 1 and holds it; without annealing it is 1', () => {
  assert.deepEqual(
    [0, 50, 100, 200].map((s) => klWeightAt(s, 100)),
    [0, 0.5, 1, 1],
  );
  assert.equal(klWeightAt(0, 0), 1);
});

test('a training step with free bits leaks no tensors', () => {
  const vae = tiny();
  const optimizer = tf.train.adam(1e-3);
  const batch = sentenceBatch([[4, 5, EOS]], 5);
  const step = () =>
    (optimizer.minimize(() => textVaeLoss(textVaeTerms(vae, batch, 1, true), 0.5, 0.25), true) as tf.Scalar).dispose();
  step();
  const before = tf.memory().numTensors;
  step();
  assert.equal(tf.memory().numTensors, before);
});

test('training on a few sentences lowers their reconstruction; the record reports the annealed KL weight', async () => {
  const vocabulary = new WordVocabulary(
    [
      ['call', 'me', 'ishmael'],
      ['the', 'white', 'whale'],
    ],
    9,
  );
  const rows = [
    ['call', 'me', 'ishmael'],
    ['the', 'white', 'whale'],
  ].map((s) => vocabulary.encode(s));
  const data = { vocabulary, length: 4, train: [...rows, ...rows, ...rows, ...rows], validation: rows };
  const { history } = await trainTextVae(
    data,
    { name: 'test', annealSteps: 12, wordDropout: 0, freeBits: 0 },
    settings,
  );
  assert.deepEqual(
    history.map((r) => r.epoch),
    [1, 2, 3],
  );
  assert.deepEqual(
    history.map((r) => r.klWeight),
    [2 / 12, 4 / 12, 6 / 12],
  );
  const reconstruction = history.map((r) => r.reconstruction);
  assert.ok(reconstruction[1] < reconstruction[0] && reconstruction[2] < reconstruction[1], `${reconstruction}`);
});

test('a variant with negative free bits or a word dropout above 1 is refused before training', async () => {
  const vocabulary = new WordVocabulary([['a', 'b']], 6);
  const rows = [vocabulary.encode(['a', 'b'])];
  const data = { vocabulary, length: 3, train: rows, validation: rows };
  const before = tf.memory().numTensors;
  await assert.rejects(
    trainTextVae(data, { name: 'odd', annealSteps: 0, wordDropout: 0, freeBits: -1 }, settings),
    /free bits ≥ 0/,
  );
  await assert.rejects(
    trainTextVae(data, { name: 'odd', annealSteps: 0, wordDropout: 2, freeBits: 0 }, settings),
    /rate in \[0, 1\]/,
  );
  assert.equal(tf.memory().numTensors, before);
});
