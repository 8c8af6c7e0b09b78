// The trainers' options (architecture, Adam settings, generator steps, VAE loss variants): a default trainer's settings
// record stays { latentDim }, so checkpoints written before these options existed still resume; MLP models train on
// the loop's image batches.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/backend';
import { Batch, batches } from '../src/data';
import { gaussianKlToStandardNormal, VaeLossOptions } from '../src/losses';
import { buildClassifier } from '../src/models';
import { checkpointFile, disposeCheckpoint, metricsFile, readCheckpoint, writeCheckpoint } from '../src/storage';
import {
  CLASSIFIER_DEFAULTS,
  classifierTrainer,
  encode,
  fit,
  GAN_DEFAULTS,
  ganTrainer,
  trainerSettings,
  VAE_DEFAULTS,
  vaeTrainer,
} from '../src/training';
import { fakeDigits } from './support/fake-digits';
import { tempDir } from './support/temp';
import { assertClose as close } from './support/close';

before(() => selectBackend({ quiet: true }));

test('default trainers keep the settings record { latentDim } that existing checkpoints hold', () => {
  assert.deepEqual(ganTrainer({ latentDim: 100, seed: 1 }).settings, { latentDim: 100 });
  assert.deepEqual(vaeTrainer({ latentDim: 20, seed: 1 }).settings, { latentDim: 20 });
  const explicitDefaults = ganTrainer({
    latentDim: 100,
    seed: 1,
    architecture: 'conv',
    learningRate: 2e-4,
    adamBeta1: 0.5,
    generatorSteps: 1,
  });
  assert.deepEqual(explicitDefaults.settings, { latentDim: 100 });
});

test('options that differ from the defaults join the settings, named choices as names', () => {
  assert.deepEqual(
    ganTrainer({ latentDim: 8, seed: 1, architecture: 'mlp', learningRate: 1e-3, generatorSteps: 5 }).settings,
    { latentDim: 8, architecture: 'mlp', learningRate: 1e-3, generatorSteps: 5 },
  );
  assert.deepEqual(
    vaeTrainer({
      latentDim: 4,
      seed: 1,
      architecture: 'mlp',
      adamBeta1: 0.5,
      loss: { klWeight: 4, reconstruction: 'mean', likelihood: 'gaussian' },
    }).settings,
    { latentDim: 4, architecture: 'mlp', adamBeta1: 0.5, klWeight: 4, reconstruction: 'mean', likelihood: 'gaussian' },
  );
  assert.deepEqual(trainerSettings({ a: 1 }, { b: 2, c: 'x', d: undefined }, { b: 2, c: 'y', d: 3 }), { a: 1, c: 'x' });
});

test('the defaults objects are what the trainers use: a trainer built from no options has their optimiser and sizes', () => {
  const gan = ganTrainer({ seed: 1, architecture: 'mlp' });
  assert.deepEqual(
    [gan.settings.latentDim, adam(gan.optimizers.generator).learningRate, adam(gan.optimizers.generator).beta1],
    [GAN_DEFAULTS.latentDim, GAN_DEFAULTS.learningRate, GAN_DEFAULTS.adamBeta1],
  );
  const vae = vaeTrainer({ seed: 1, architecture: 'mlp' });
  assert.deepEqual(
    [vae.settings.latentDim, adam(vae.optimizers.vae).learningRate, adam(vae.optimizers.vae).beta1],
    [VAE_DEFAULTS.latentDim, VAE_DEFAULTS.learningRate, VAE_DEFAULTS.adamBeta1],
  );
  assert.equal(
    adam(classifierTrainer(fakeDigits(2), 1).optimizers.classifier).learningRate,
    CLASSIFIER_DEFAULTS.learningRate,
  );
});

test('a run folder written by an older genlab, with choices stored as flags ({ "architecture=mlp": 1 }), still resumes', async () => {
  // Train two epochs without a break, and one epoch into a folder whose checkpoint and metrics.json are then rewritten
  // in the old form; resuming that folder must accept it and continue to the same numbers.
  const trainer = () =>
    vaeTrainer({ latentDim: 4, seed: 5, architecture: 'mlp', loss: { klWeight: 2 }, binarisation: 'dynamic' });
  const options = { data: fakeDigits(16), batchSize: 8, seed: 5 };
  const whole = await fit(trainer(), { ...options, numEpochs: 2 });
  const runDir = tempDir('old-settings');
  await fit(trainer(), { ...options, numEpochs: 1, runDir });
  const oldForm = {
    latentDim: 4,
    'architecture=mlp': 1,
    klWeight: 2,
    'binarisation=dynamic': 1,
    seed: 5,
    batchSize: 8,
    trainingImages: 16,
  };
  const checkpoint = readCheckpoint(checkpointFile(runDir));
  writeCheckpoint(checkpointFile(runDir), { ...checkpoint, settings: oldForm });
  disposeCheckpoint(checkpoint);
  const metrics = JSON.parse(fs.readFileSync(metricsFile(runDir), 'utf8'));
  fs.writeFileSync(metricsFile(runDir), JSON.stringify({ ...metrics, settings: oldForm }));
  assert.deepEqual(readCheckpoint(checkpointFile(runDir)).settings, {
    latentDim: 4,
    architecture: 'mlp',
    klWeight: 2,
    binarisation: 'dynamic',
    seed: 5,
    batchSize: 8,
    trainingImages: 16,
  });
  const resumed = await fit(trainer(), { ...options, numEpochs: 2, runDir, resume: true });
  assert.deepEqual(
    resumed.history.map((r) => r.metrics),
    whole.history.map((r) => r.metrics),
  );
  assert.equal(JSON.parse(fs.readFileSync(metricsFile(runDir), 'utf8')).settings.architecture, 'mlp');
});

test('MLP trainers train on image batches; a VAE loss other than the ELBO is reported as "loss"', async () => {
  const options = { data: fakeDigits(16), numEpochs: 1, batchSize: 8, seed: 5, resume: false };
  const gan = await fit(ganTrainer({ latentDim: 8, seed: 5, architecture: 'mlp', generatorSteps: 2 }), {
    ...options,
    runDir: tempDir('options'),
  });
  assert.deepEqual(Object.keys(gan.history[0].metrics), ['L_D', 'L_G', 'D(x)', 'D(G(z))']);
  const elbo = await fit(vaeTrainer({ latentDim: 4, seed: 5, architecture: 'mlp', test: fakeDigits(4) }), {
    ...options,
    runDir: tempDir('options'),
  });
  assert.deepEqual(Object.keys(elbo.history[0].metrics), ['negElbo', 'testNegElbo', 'testReconstruction', 'testKl']);
  const beta = await fit(vaeTrainer({ latentDim: 4, seed: 5, architecture: 'mlp', loss: { klWeight: 4 } }), {
    ...options,
    runDir: tempDir('options'),
  });
  assert.deepEqual(Object.keys(beta.history[0].metrics), ['loss']);
  for (const run of [gan, elbo, beta]) assert.ok(Object.values(run.history[0].metrics).every(Number.isFinite));
});

// Each option must reach what it configures: a trainer that ignored one would fail below.

const adam = (optimizer: tf.Optimizer) => optimizer.getConfig() as { learningRate: number; beta1: number };
const trainable = (model: tf.LayersModel) => model.trainableWeights.map((w) => Float32Array.from(w.read().dataSync()));
/** The largest change of any trainable weight between two snapshots. */
const largestChange = (before: Float32Array[], after: Float32Array[]) =>
  before.reduce((largest, w, i) => w.reduce((m, v, j) => Math.max(m, Math.abs(after[i][j] - v)), largest), 0);
const batchOf = (count: number, range: 'unit' | 'signed') =>
  batches(fakeDigits(count), { batchSize: count, seed: 1, range }).next().value as Batch;

test('learningRate and adamBeta1 reach each Adam optimiser; the first Adam step moves the weights by the learning rate', async () => {
  const gan = ganTrainer({ latentDim: 8, seed: 1, architecture: 'mlp', learningRate: 0.01, adamBeta1: 0.7 });
  for (const optimizer of Object.values(gan.optimizers))
    assert.deepEqual([adam(optimizer).learningRate, adam(optimizer).beta1], [0.01, 0.7]);
  const vae = vaeTrainer({ latentDim: 4, seed: 1, architecture: 'mlp', learningRate: 0.02, adamBeta1: 0.6 });
  assert.deepEqual([adam(vae.optimizers.vae).learningRate, adam(vae.optimizers.vae).beta1], [0.02, 0.6]);
  const classifier = classifierTrainer(fakeDigits(2), 1, 0.03);
  assert.equal(adam(classifier.optimizers.classifier).learningRate, 0.03);
  // Adam's first update is lr · ĝ/(|ĝ| + ε) with ĝ = g: ±lr for every weight whose gradient is not tiny.
  const before = [trainable(gan.gan.generator), trainable(gan.gan.discriminator)];
  const batch = batchOf(8, 'signed');
  await gan.step(batch, 1);
  tf.dispose([batch.images, batch.labels]);
  close(largestChange(before[0], trainable(gan.gan.generator)), 0.01, 1e-4);
  close(largestChange(before[1], trainable(gan.gan.discriminator)), 0.01, 1e-4);
});

test('generatorSteps: each trainer step is one discriminator update and that many generator updates', async () => {
  const trainer = ganTrainer({ latentDim: 8, seed: 1, architecture: 'mlp', generatorSteps: 3 });
  const batch = batchOf(8, 'signed');
  await trainer.step(batch, 1);
  await trainer.step(batch, 2);
  tf.dispose([batch.images, batch.labels]);
  assert.deepEqual([trainer.optimizers.generator.iterations, trainer.optimizers.discriminator.iterations], [6, 2]);
});

test('latentDim, architecture and seed shape the networks and fix their weights and the fixed noise', () => {
  const mlp = ganTrainer({ latentDim: 6, seed: 2, architecture: 'mlp' });
  assert.deepEqual(
    [mlp.gan.generator.inputs[0].shape, mlp.gan.generator.outputs[0].shape],
    [
      [null, 6],
      [null, 784],
    ],
  );
  assert.deepEqual(mlp.fixedNoise.shape, [64, 6]);
  const conv = ganTrainer({ latentDim: 6, seed: 2 });
  assert.deepEqual(conv.gan.generator.outputs[0].shape, [null, 28, 28, 1]);
  const vae = vaeTrainer({ latentDim: 3, seed: 2, architecture: 'mlp' });
  assert.deepEqual(
    [vae.vae.encoder.inputs[0].shape, vae.vae.decoder.inputs[0].shape, vae.fixedPrior.shape],
    [
      [null, 784],
      [null, 3],
      [64, 3],
    ],
  );
  assert.deepEqual(vaeTrainer({ latentDim: 3, seed: 2 }).vae.encoder.inputs[0].shape, [null, 28, 28, 1]);
  const again = ganTrainer({ latentDim: 6, seed: 2, architecture: 'mlp' });
  const other = ganTrainer({ latentDim: 6, seed: 3, architecture: 'mlp' });
  assert.deepEqual(trainable(again.gan.generator), trainable(mlp.gan.generator));
  assert.deepEqual(again.fixedNoise.dataSync(), mlp.fixedNoise.dataSync());
  assert.notDeepEqual(trainable(other.gan.generator), trainable(mlp.gan.generator));
  assert.notDeepEqual(other.fixedNoise.dataSync(), mlp.fixedNoise.dataSync());
  const vaeAgain = vaeTrainer({ latentDim: 3, seed: 2, architecture: 'mlp' });
  assert.deepEqual(trainable(vaeAgain.vae.encoder), trainable(vae.vae.encoder));
  assert.notDeepEqual(
    trainable(vaeTrainer({ latentDim: 3, seed: 4, architecture: 'mlp' }).vae.encoder),
    trainable(vae.vae.encoder),
  );
});

test('seed −1, whose fixed noise or prior would get tfjs seed 0 (unseeded), is refused before any network is built', () => {
  const before = tf.memory().numTensors;
  for (const build of [() => ganTrainer({ seed: -1, architecture: 'mlp' }), () => vaeTrainer({ seed: -1 })]) {
    assert.throws(build, { name: 'RangeError', message: /^seed 0 cannot seed TensorFlow.js/ });
  }
  assert.equal(tf.memory().numTensors, before);
});

test('evaluator and evaluationSamples: without an evaluator no sample metrics; with one, exactly that many samples judged', async () => {
  assert.deepEqual(await ganTrainer({ latentDim: 8, seed: 1, architecture: 'mlp' }).evaluate(), {});
  // With 3 samples the class shares are thirds, so the entropy of the predicted classes is 0, H(⅔, ⅓) or ln 3.
  const { classEntropy, meanConfidence } = await ganTrainer({
    latentDim: 8,
    seed: 1,
    architecture: 'mlp',
    evaluator: buildClassifier(1),
    evaluationSamples: 3,
  }).evaluate();
  const thirds = [0, (2 / 3) * Math.log(1.5) + (1 / 3) * Math.log(3), Math.log(3)];
  assert.ok(
    thirds.some((h) => Math.abs(classEntropy - h) < 1e-6),
    `entropy ${classEntropy} is not that of 3 samples`,
  );
  assert.ok(meanConfidence > 0.1 && meanConfidence <= 1);
});

test('the VAE loss options reach the step: on the same batch, noise and weights, the losses relate as worked by hand', async () => {
  // A fresh trainer's first step returns the loss before its update, so trainers built alike see the same
  // reconstruction term R and KL term K: the ELBO is R + K, β = 4 gives R + 4K, 'mean' gives R/784 + K, and the
  // Gaussian likelihood gives ½ Σ (x − σ(a))² + ½ · 784 · ln 2π + K, between 720.4 + K and 1,112.4 + K.
  const batch = batchOf(4, 'unit');
  const firstLoss = async (loss: VaeLossOptions) => {
    const trainer = vaeTrainer({ latentDim: 4, seed: 7, architecture: 'mlp', loss });
    return Object.values(await trainer.step(batch, 11))[0];
  };
  const elbo = vaeTrainer({ latentDim: 4, seed: 7, architecture: 'mlp' });
  const { mu, logVar } = encode(elbo.vae, batch.images);
  const kl = tf.tidy(() => gaussianKlToStandardNormal(mu, logVar).mean().dataSync()[0]);
  tf.dispose([mu, logVar]);
  const negElbo = (await elbo.step(batch, 11)).negElbo;
  close(await firstLoss({ klWeight: 4 }), negElbo + 3 * kl, 1e-3);
  close(await firstLoss({ reconstruction: 'mean' }), (negElbo - kl) / 784 + kl, 1e-4);
  const gaussian = (await firstLoss({ likelihood: 'gaussian' })) - kl;
  const floor = 0.5 * 784 * Math.log(2 * Math.PI);
  assert.ok(gaussian > floor && gaussian < floor + 0.5 * 784, `Gaussian reconstruction term ${gaussian}`);
  tf.dispose([batch.images, batch.labels]);
});
