// Jupyter's "Restart Kernel" or "Shut Down Kernel" in the middle of training: the loop saves where it stood.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkpointFile, metricsFile, readCheckpoint } from '../src/storage';
import { jupyterPath, jupyterPython } from './support/jupyter';
import { tempDir } from './support/temp';

test('shutting down a kernel inside an epoch leaves a checkpoint of the step it had reached', () => {
  const runDir = tempDir('shutdown');
  const cell = path.join(runDir, 'cell.ts');
  // 100 steps an epoch, each made to last at least 20 ms so that even a fast machine is mid-epoch when the kernel is
  // shut down, a second after epoch 1 ends.
  fs.writeFileSync(
    cell,
    `
import { selectBackend, loadMnist, firstImages, classifierTrainer, fit } from 'genlab';
await selectBackend({ quiet: true });
const mnist = await loadMnist();
const trainer = classifierTrainer(firstImages(mnist.test, 100), 1);
const slowTrainer = { ...trainer, step: async (batch, seed) => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return trainer.step(batch, seed);
} };
await fit(slowTrainer, { data: firstImages(mnist.train, 6_400), numEpochs: 50, batchSize: 64, seed: 1, runDir: ${JSON.stringify(runDir)}, resume: false });
`,
  );
  const run = spawnSync(
    jupyterPython(),
    [path.join(__dirname, 'support', 'shut_down_during_cell.py'), cell, metricsFile(runDir)],
    {
      encoding: 'utf8',
      env: { ...process.env, JUPYTER_PATH: jupyterPath },
    },
  );
  assert.equal(run.status, 0, run.stderr);
  const saved = readCheckpoint(checkpointFile(runDir));
  assert.ok(saved.epoch >= 1);
  assert.ok(
    (saved.epochInProgress?.steps ?? 0) > 0,
    `the checkpoint holds the steps of the unfinished epoch: ${JSON.stringify(saved.epochInProgress)}`,
  );
  assert.equal(saved.step, 100 * saved.epoch + (saved.epochInProgress?.steps ?? 0));
});
