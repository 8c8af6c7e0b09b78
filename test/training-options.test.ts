// The trainers' options (architecture, Adam settings, generator steps, VAE loss variants): a default trainer's settings
// record stays { latentDim }, so checkpoints written before these options existed still resume; MLP models train on
// the loop's image batches.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { selectBackend } from '../src/backend';
import { fit, ganTrainer, trainerSettings, vaeTrainer } from '../src/training';
import { fakeDigits } from './support/fake-digits';
import { tempDir } from './support/temp';

before(() => selectBackend({ quiet: true }));

test('default trainers keep the settings record { latentDim } that existing checkpoints hold', () => {
  assert.deepEqual(ganTrainer({ latentDim: 100, seed: 1 }).settings, { latentDim: 100 });
  assert.deepEqual(vaeTrainer({ latentDim: 20, seed: 1 }).settings, { latentDim: 20 });
  const explicitDefaults = ganTrainer({ latentDim: 100, seed: 1, architecture: 'conv', learningRate: 2e-4, adamBeta1: 0.5, generatorSteps: 1 });
  assert.deepEqual(explicitDefaults.settings, { latentDim: 100 });
});

test('options that differ from the defaults join the settings, strings as flags', () => {
  assert.deepEqual(ganTrainer({ latentDim: 8, seed: 1, architecture: 'mlp', learningRate: 1e-3, generatorSteps: 5 }).settings,
    { latentDim: 8, 'architecture=mlp': 1, learningRate: 1e-3, generatorSteps: 5 });
  assert.deepEqual(vaeTrainer({ latentDim: 4, seed: 1, architecture: 'mlp', adamBeta1: 0.5, loss: { klWeight: 4, reconstruction: 'mean', likelihood: 'gaussian' } }).settings,
    { latentDim: 4, 'architecture=mlp': 1, adamBeta1: 0.5, klWeight: 4, 'reconstruction=mean': 1, 'likelihood=gaussian': 1 });
  assert.deepEqual(trainerSettings({ a: 1 }, { b: 2, c: 'x' }, { b: 2, c: 'y' }), { a: 1, 'c=x': 1 });
});

test('MLP trainers train on image batches; a VAE loss other than the ELBO is reported as "loss"', async () => {
  const options = { data: fakeDigits(16), numEpochs: 1, batchSize: 8, seed: 5, resume: false };
  const gan = await fit(ganTrainer({ latentDim: 8, seed: 5, architecture: 'mlp', generatorSteps: 2 }), { ...options, runDir: tempDir('options') });
  assert.deepEqual(Object.keys(gan.history[0].metrics), ['L_D', 'L_G', 'D(x)', 'D(G(z))']);
  const elbo = await fit(vaeTrainer({ latentDim: 4, seed: 5, architecture: 'mlp', test: fakeDigits(4) }), { ...options, runDir: tempDir('options') });
  assert.deepEqual(Object.keys(elbo.history[0].metrics), ['negElbo', 'testNegElbo', 'testReconstruction', 'testKl']);
  const beta = await fit(vaeTrainer({ latentDim: 4, seed: 5, architecture: 'mlp', loss: { klWeight: 4 } }), { ...options, runDir: tempDir('options') });
  assert.deepEqual(Object.keys(beta.history[0].metrics), ['loss']);
  for (const run of [gan, elbo, beta]) assert.ok(Object.values(run.history[0].metrics).every(Number.isFinite));
});
