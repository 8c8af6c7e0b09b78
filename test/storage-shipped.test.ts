// Shipping a finished run (trained/<model>/): weights without optimiser state, history, grids and provenance; loading
// it back changes nothing on disk and refuses a run of other settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  checkpointFile,
  likelihoodFile,
  loadFinishedRun,
  metricsFile,
  provenanceFile,
  readCheckpoint,
  recordSession,
  sampleGridFile,
  saveSampleGrid,
  shipRun,
  TrainingSession,
} from '../src/storage';
import { fit } from '../src/training';
import { tempDir } from './support/temp';
import { tinyData, tinyTrainer } from './support/tiny-trainer';

const session = (fromStep: number): TrainingSession => ({
  command: 'genlab train tiny',
  commit: 'abc',
  backend: 'cpu',
  startedAt: '2026-12-06T00:00:00.000Z',
  fromStep,
});

async function finishedRun(): Promise<string> {
  const runDir = tempDir('ship-from');
  recordSession(runDir, session(0));
  await fit(tinyTrainer(3), {
    data: tinyData(),
    numEpochs: 2,
    batchSize: 16,
    seed: 7,
    runDir,
    onEpoch: async ({ epoch }) => saveSampleGrid(runDir, epoch, Uint8Array.of(epoch)),
  });
  recordSession(runDir, session(6));
  return runDir;
}

test('recordSession starts the list with a new run and adds to it on a resume', () => {
  const dir = tempDir('provenance');
  recordSession(dir, session(0));
  recordSession(dir, session(12));
  assert.deepEqual(
    JSON.parse(fs.readFileSync(provenanceFile(dir), 'utf8')).sessions.map((s: TrainingSession) => s.fromStep),
    [0, 12],
  );
  recordSession(dir, session(0));
  assert.deepEqual(
    JSON.parse(fs.readFileSync(provenanceFile(dir), 'utf8')).sessions.map((s: TrainingSession) => s.fromStep),
    [0],
  );
});

test('a shipped run holds the weights without optimiser state, the history, the grids and where it came from', async () => {
  const runDir = await finishedRun();
  const outDir = path.join(tempDir('ship-to'), 'tiny');
  const bytes = shipRun(runDir, outDir);

  assert.deepEqual(fs.readdirSync(outDir).sort(), [
    'checkpoint.bin',
    'metrics.json',
    'provenance.json',
    'samples-epoch-1.png',
    'samples-epoch-2.png',
  ]);
  const [source, shipped] = [readCheckpoint(checkpointFile(runDir)), readCheckpoint(checkpointFile(outDir))];
  assert.ok(source.optimizers.net.length > 0);
  assert.deepEqual(shipped.optimizers, {});
  assert.deepEqual(
    shipped.networks.net.map((w) => Array.from(w.dataSync())),
    source.networks.net.map((w) => Array.from(w.dataSync())),
  );
  assert.deepEqual([shipped.epoch, shipped.step, shipped.history], [source.epoch, source.step, source.history]);
  assert.ok(
    fs.statSync(checkpointFile(outDir)).size < fs.statSync(checkpointFile(runDir)).size / 2,
    'Adam keeps two slots per weight',
  );
  assert.deepEqual(fs.readFileSync(metricsFile(outDir), 'utf8'), fs.readFileSync(metricsFile(runDir), 'utf8'));
  assert.deepEqual(Array.from(fs.readFileSync(sampleGridFile(outDir, 2))), [2]);

  const provenance = JSON.parse(fs.readFileSync(provenanceFile(outDir), 'utf8'));
  assert.deepEqual(
    provenance.sessions.map((s: TrainingSession) => s.fromStep),
    [0, 6],
  );
  assert.deepEqual([provenance.shipped.epochs, provenance.shipped.steps], [2, 6]);
  assert.equal(
    provenance.shipped.trainingSeconds,
    source.history.reduce((sum, r) => sum + r.seconds, 0),
  );
  const onDisk = fs.readdirSync(outDir).reduce((sum, name) => sum + fs.statSync(path.join(outDir, name)).size, 0);
  assert.equal(bytes, onDisk);
  assert.equal(provenance.shipped.bytes, bytes);
  tf.dispose([
    ...Object.values(source.networks).flat(),
    ...Object.values(source.optimizers)
      .flat()
      .map((w) => w.tensor),
    ...shipped.networks.net,
  ]);
});

test('a shipped run loads into a model of the same settings, predicts exactly as the trained one, and writes nothing', async () => {
  const runDir = await finishedRun();
  const outDir = path.join(tempDir('ship-to'), 'tiny');
  shipRun(runDir, outDir);
  const before = fs.readdirSync(outDir).map((name) => fs.readFileSync(path.join(outDir, name)).toString('base64'));

  const [trained, loaded] = [tinyTrainer(3), tinyTrainer(99)];
  await fit(trained, { data: tinyData(), numEpochs: 2, batchSize: 16, seed: 7, runDir, resume: true }); // loads the run
  const state = loadFinishedRun(loaded, outDir);
  assert.deepEqual([state.epoch, state.step], [2, 6]);
  const x = tf.randomUniform([5, 4, 4, 1], 0, 255, 'float32', 1);
  const [a, b] = [trained, loaded].map((t) => (t.networks.net.predict(x) as tf.Tensor).arraySync());
  assert.deepEqual(b, a);
  assert.deepEqual(
    fs.readdirSync(outDir).map((name) => fs.readFileSync(path.join(outDir, name)).toString('base64')),
    before,
  );

  const other = { ...tinyTrainer(3), settings: { hidden: 16 } };
  assert.throws(
    () => loadFinishedRun(other, outDir),
    /holds a tiny run with hidden 8; this tiny run asks for hidden 16\. Load it with the settings/,
  );
  assert.throws(
    () => loadFinishedRun(tinyTrainer(3), tempDir('empty')),
    /holds no checkpoint\.bin\. Train the run .*`git checkout -- trained`/,
  );
  x.dispose();
});

test("a run's test log-likelihood estimate (iwae.json) ships with it, and one of an earlier checkpoint is refused", async () => {
  const runDir = await finishedRun();
  const outDir = path.join(tempDir('ship-to'), 'tiny');
  const estimate = (steps: number) => JSON.stringify({ epochs: 2, steps, images: 10, samples: 5, bounds: [] });
  fs.writeFileSync(likelihoodFile(runDir), estimate(6));
  shipRun(runDir, outDir);
  assert.equal(fs.readFileSync(likelihoodFile(outDir), 'utf8'), estimate(6));

  fs.writeFileSync(likelihoodFile(runDir), estimate(3));
  assert.throws(
    () => shipRun(runDir, outDir),
    /iwae\.json estimates the model after step 3, the checkpoint has trained to step 6: .*genlab evaluate vae --out=/,
  );
  assert.equal(fs.readFileSync(likelihoodFile(outDir), 'utf8'), estimate(6), 'the shipped folder is left as it was');
});

test('shipping refuses a run without provenance or stopped inside an epoch, and leaves the target untouched', async () => {
  const runDir = await finishedRun();
  const outDir = path.join(tempDir('ship-to'), 'tiny');
  fs.mkdirSync(outDir);
  fs.writeFileSync(path.join(outDir, 'kept'), 'x');

  fs.rmSync(provenanceFile(runDir));
  assert.throws(() => shipRun(runDir, outDir), /provenance\.json is missing or lists no training session/);
  assert.throws(() => shipRun(tempDir('empty'), outDir), /holds no checkpoint\.bin to ship/);

  recordSession(runDir, session(0));
  let calls = 0;
  const stopInside = tinyTrainer(3);
  const step = stopInside.step;
  stopInside.step = (batch, seed) => (++calls === 2 ? Promise.reject(new Error('stop')) : step(batch, seed));
  const partial = tempDir('ship-partial');
  recordSession(partial, session(0));
  await assert.rejects(
    fit(stopInside, {
      data: tinyData(),
      numEpochs: 2,
      batchSize: 16,
      seed: 7,
      runDir: partial,
      checkpointEverySeconds: 0,
    }),
    /stop/,
  );
  assert.throws(() => shipRun(partial, outDir), /stops inside epoch 1: finish the run/);
  assert.deepEqual(fs.readdirSync(outDir), ['kept']);
});

test('fit records a session in provenance.json when it has training to do, and a resume adds one', async () => {
  const runDir = tempDir('provenance-fit');
  const who = { command: 'genlab train tiny', commit: 'abc', backend: 'cpu' };
  const run = (numEpochs: number, resume: boolean) =>
    fit(tinyTrainer(3), { data: tinyData(), numEpochs, batchSize: 16, seed: 7, runDir, resume, session: who });
  const sessions = () =>
    JSON.parse(fs.readFileSync(provenanceFile(runDir), 'utf8')).sessions.map((s: TrainingSession) => [
      s.command,
      s.fromStep,
    ]);
  await run(2, false);
  assert.deepEqual(sessions(), [['genlab train tiny', 0]]);
  await run(3, true);
  assert.deepEqual(sessions(), [
    ['genlab train tiny', 0],
    ['genlab train tiny', 6],
  ]);
  await run(3, true); // finished: loaded, nothing trained, nothing recorded
  assert.deepEqual(sessions(), [
    ['genlab train tiny', 0],
    ['genlab train tiny', 6],
  ]);
});
