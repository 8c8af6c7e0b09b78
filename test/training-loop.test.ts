// The shared training loop: seeds, resume (also from inside an epoch), refusal to overwrite, the NaN guard, and no
// tensor growth across epochs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { checkpointFile, EpochRecord, metricsFile, readCheckpoint } from '../src/storage';
import { fit, TrainingDivergedError, TrainingInterruptedError } from '../src/training';
import { tempDir } from './support/temp';
import { tinyData, tinyTrainer, withEvent } from './support/tiny-trainer';

const options = (runDir: string, numEpochs: number, resume = false) => ({
  data: tinyData(),
  numEpochs,
  batchSize: 16,
  seed: 7,
  runDir,
  resume,
});
const losses = (history: EpochRecord[]) => history.map((r) => r.metrics.loss);

test('a resumed run gives exactly the losses and weights of an uninterrupted one', async () => {
  // Batches of 4 give 10 steps an epoch: enough for Adam's β₂ᵗ as a running product to differ from a recomputed power.
  const run = (dir: string, numEpochs: number, resume = false) => ({
    ...options(dir, numEpochs, resume),
    batchSize: 4,
  });
  const straight = tempDir('loop');
  const whole = await fit(tinyTrainer(3), run(straight, 4));
  const split = tempDir('loop');
  await fit(tinyTrainer(3), run(split, 2));
  const resumedTrainer = tinyTrainer(3); // fresh weights and optimiser: everything else comes from the checkpoint
  const resumed = await fit(resumedTrainer, run(split, 4, true));
  assert.deepEqual(losses(resumed.history), losses(whole.history));
  assert.equal(resumed.step, whole.step);
  const a = readCheckpoint(checkpointFile(straight));
  const b = readCheckpoint(checkpointFile(split));
  assert.deepEqual(
    a.networks.net.map((w) => Array.from(w.dataSync())),
    b.networks.net.map((w) => Array.from(w.dataSync())),
  );
  assert.deepEqual(
    a.optimizers.net.map((w) => Array.from(w.tensor.dataSync())),
    b.optimizers.net.map((w) => Array.from(w.tensor.dataSync())),
  );
});

test('a different seed gives different losses, the same seed the same', async () => {
  const first = await fit(tinyTrainer(3), options(tempDir('loop'), 1));
  const again = await fit(tinyTrainer(3), options(tempDir('loop'), 1));
  const other = await fit(tinyTrainer(3), { ...options(tempDir('loop'), 1), seed: 8 });
  assert.deepEqual(losses(again.history), losses(first.history));
  assert.notDeepEqual(losses(other.history), losses(first.history));
});

test('metrics.json holds every epoch with its time and metrics', async () => {
  const dir = tempDir('loop');
  await fit(tinyTrainer(3), options(dir, 2));
  const metrics = JSON.parse(fs.readFileSync(metricsFile(dir), 'utf8'));
  assert.equal(metrics.kind, 'tiny');
  assert.deepEqual(metrics.settings, { hidden: 8, seed: 7, batchSize: 16, trainingImages: 40 });
  assert.deepEqual(
    metrics.history.map((r: EpochRecord) => [r.epoch, r.steps, Object.keys(r.metrics)]),
    [
      [1, 3, ['loss', 'checks']],
      [2, 6, ['loss', 'checks']],
    ],
  );
  assert.ok(metrics.history.every((r: EpochRecord) => r.seconds > 0));
});

test('a folder that holds a run is never overwritten without resume', async () => {
  const dir = tempDir('loop');
  await fit(tinyTrainer(3), options(dir, 1));
  const before = fs.readFileSync(checkpointFile(dir));
  await assert.rejects(
    fit(tinyTrainer(3), options(dir, 2)),
    /already holds a tiny run.*Resume it, or choose another run folder/,
  );
  assert.deepEqual(fs.readFileSync(checkpointFile(dir)), before);
});

test('resuming with other settings is refused, naming them', async () => {
  const dir = tempDir('loop');
  await fit(tinyTrainer(3), options(dir, 1));
  await assert.rejects(
    fit(tinyTrainer(3), { ...options(dir, 2, true), batchSize: 8 }),
    /batchSize 16.*asks for batchSize 8/,
  );
});

test('a NaN loss stops training, naming the step and the last good checkpoint, which stays intact', async () => {
  const dir = tempDir('loop');
  let before: Buffer | undefined;
  const keepCheckpoint = (call: number) => {
    if (call === 4) before = fs.readFileSync(checkpointFile(dir));
  };
  // 3 steps an epoch: the trainer's fifth step is epoch 2, step 2, after the checkpoint of epoch 1.
  await assert.rejects(fit(withEvent(tinyTrainer(3, 5), keepCheckpoint), options(dir, 3)), (error: Error) => {
    assert.ok(error instanceof TrainingDivergedError);
    assert.match(error.message, /Loss loss is NaN at step 5 \(epoch 2, step 2 of the epoch\)/);
    assert.ok(
      error.message.includes(
        `last good checkpoint is ${checkpointFile(dir)} (the end of epoch 1, step 3); it was ` +
          'not touched. Try a lower learning rate',
      ),
      error.message,
    );
    return true;
  });
  assert.deepEqual(fs.readFileSync(checkpointFile(dir)), before);
});

test('a NaN right after a resume names the checkpoint it resumed from as a possible cause', async () => {
  const dir = tempDir('loop');
  await fit(tinyTrainer(3), options(dir, 1));
  const before = fs.readFileSync(checkpointFile(dir));
  // Resumed at step 3; the trainer's second step is step 5 of the run, before any new checkpoint.
  await assert.rejects(fit(tinyTrainer(3, 2), options(dir, 3, true)), (error: Error) => {
    assert.ok(error instanceof TrainingDivergedError);
    assert.match(
      error.message,
      /Loss loss is NaN at step 5 \(epoch 2, step 2 of the epoch\), so training stopped\. This is 2 steps after resuming from/,
    );
    assert.ok(
      error.message.includes(
        `${checkpointFile(dir)} (the end of epoch 1, step 3), which was not touched, so that ` +
          'checkpoint may itself be the cause',
      ),
      error.message,
    );
    assert.match(
      error.message,
      /if that run passes step 5, the checkpoint was at fault\. Otherwise: try a lower learning rate/,
    );
    return true;
  });
  assert.deepEqual(fs.readFileSync(checkpointFile(dir)), before);
});

test('a NaN in the first epoch says that no checkpoint exists yet', async () => {
  await assert.rejects(
    fit(tinyTrainer(3, 1), options(tempDir('loop'), 1)),
    /at step 1 .*No checkpoint was written yet/,
  );
});

test('the tensor count stays flat from epoch to epoch', async () => {
  const counts: number[] = [];
  await fit(tinyTrainer(3), {
    ...options(tempDir('loop'), 4),
    onEpoch: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  assert.deepEqual(counts.slice(1), [counts[1], counts[1], counts[1]], `tensors after each epoch: ${counts}`);
});

test("SIGINT (Ctrl-C, Jupyter's stop button) stops the loop between steps and keeps the last checkpoint", async () => {
  const dir = tempDir('loop');
  const listeners = process.listenerCount('SIGINT');
  const interruptAfterFirstEpoch = () => {
    process.emit('SIGINT', 'SIGINT');
  };
  await assert.rejects(
    fit(tinyTrainer(3), { ...options(dir, 3), onEpoch: interruptAfterFirstEpoch }),
    (error: Error) => {
      assert.ok(error instanceof TrainingInterruptedError);
      assert.match(
        error.message,
        /interrupted by SIGINT \(Ctrl-C, or Jupyter's stop button\) after step 3 \(in epoch 2\)\. The checkpoint .* holds the run up to there \(the end of epoch 1, step 3\)\. Continue with resume: true/,
      );
      return true;
    },
  );
  assert.equal(readCheckpoint(checkpointFile(dir)).epoch, 1);
  assert.equal(process.listenerCount('SIGINT'), listeners, 'fit removes its SIGINT listener');
});

// Batches of 4: 10 steps an epoch, so that a run can stop well inside one.
const run = (dir: string, numEpochs: number, resume = false) => ({ ...options(dir, numEpochs, resume), batchSize: 4 });

/** Weights and optimiser state in a run folder's checkpoint, as plain numbers. */
function savedValues(dir: string): number[][] {
  const checkpoint = readCheckpoint(checkpointFile(dir));
  return [
    ...checkpoint.networks.net.map((w) => Array.from(w.dataSync())),
    ...checkpoint.optimizers.net.map((w) => Array.from(w.tensor.dataSync())),
  ];
}

test('Ctrl-C inside an epoch saves where the loop stands; resuming there gives exactly the uninterrupted run', async () => {
  const whole = await fit(tinyTrainer(3), run(tempDir('loop'), 2));
  const dir = tempDir('loop');
  const interruptInStep = (n: number) => (call: number) => {
    if (call === n) process.emit('SIGINT', 'SIGINT');
  };
  await assert.rejects(fit(withEvent(tinyTrainer(3), interruptInStep(14)), run(dir, 2)), (error: Error) => {
    assert.ok(error instanceof TrainingInterruptedError);
    assert.match(
      error.message,
      /interrupted by SIGINT .* after step 14 \(in epoch 2\)\. The checkpoint .* holds the run up to there \(epoch 2, step 14 of the run, 4 of the epoch\)/,
    );
    return true;
  });
  const saved = readCheckpoint(checkpointFile(dir));
  assert.equal(saved.epoch, 1);
  assert.equal(saved.epochInProgress?.steps, 4);
  const resumed = await fit(tinyTrainer(3), run(dir, 2, true));
  assert.deepEqual(losses(resumed.history), losses(whole.history));
  assert.equal(resumed.history[1].steps, 20);
  assert.equal(
    readCheckpoint(checkpointFile(dir)).epochInProgress,
    undefined,
    'an epoch-end checkpoint holds no partial epoch',
  );
});

for (const [signal, cause] of [
  ['SIGTERM', '`kill`'],
  ['SIGHUP', 'a closed terminal'],
] as const) {
  test(`${signal} (${cause}) saves where the loop stands, then ends the process with that signal`, async (t) => {
    const listeners = process.listenerCount(signal);
    let listenersAtKill = -1;
    const kill = t.mock.method(process, 'kill', () => {
      listenersAtKill = process.listenerCount(signal);
      return true;
    });
    const dir = tempDir('loop');
    const stopInStep = (n: number) => (call: number) => {
      if (call === n) process.emit(signal, signal);
    };
    await assert.rejects(fit(withEvent(tinyTrainer(3), stopInStep(14)), run(dir, 2)), (error: Error) => {
      assert.ok(error instanceof TrainingInterruptedError);
      assert.equal(error.signal, signal);
      assert.match(
        error.message,
        new RegExp(`interrupted by ${signal} \\(${cause}\\) after step 14 .* holds the run up to there`),
      );
      return true;
    });
    assert.equal(readCheckpoint(checkpointFile(dir)).epochInProgress?.steps, 4);
    assert.equal(kill.mock.callCount(), 0, 'the process is ended only after the rejection was handled');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      kill.mock.calls.map((call) => call.arguments),
      [[process.pid, signal]],
    );
    assert.equal(listenersAtKill, listeners, `fit removes its ${signal} listener before ending the process`);
  });
}

test('checkpoints inside an epoch: after a crash, resuming from the last one gives exactly the uninterrupted run', async () => {
  const straight = tempDir('loop');
  const whole = await fit(tinyTrainer(3), run(straight, 2));
  const dir = tempDir('loop');
  const crashInStep = (call: number) => {
    if (call === 7) throw new Error('simulated crash');
  };
  // checkpointEverySeconds 0: a checkpoint after every step, as the 300 s default gives on a slow model.
  await assert.rejects(
    fit(withEvent(tinyTrainer(3), crashInStep), { ...run(dir, 2), checkpointEverySeconds: 0 }),
    /simulated crash/,
  );
  assert.deepEqual(readCheckpoint(checkpointFile(dir)).epochInProgress?.steps, 6);
  const resumed = await fit(tinyTrainer(3), run(dir, 2, true));
  assert.deepEqual(losses(resumed.history), losses(whole.history));
  assert.deepEqual(savedValues(dir), savedValues(straight));
});

test('without a run folder, fit touches no disk: it trains the same, and an interrupt says nothing was saved', async (t) => {
  const withFolder = await fit(tinyTrainer(3), options(tempDir('loop'), 2));
  // Any write, or creation of a file or folder, now fails the test.
  const realFs: typeof fs = require('node:fs');
  for (const name of ['openSync', 'writeSync', 'writeFileSync', 'mkdirSync', 'renameSync', 'linkSync'] as const) {
    t.mock.method(realFs, name, () => {
      throw new Error(`fit without a run folder called fs.${name}`);
    });
  }
  const { runDir: _, ...noFolder } = options('', 2);
  const withoutFolder = await fit(tinyTrainer(3), noFolder);
  assert.deepEqual(losses(withoutFolder.history), losses(withFolder.history));
  const interruptInStep = (call: number) => {
    if (call === 2) process.emit('SIGINT', 'SIGINT');
  };
  await assert.rejects(
    fit(withEvent(tinyTrainer(3), interruptInStep), noFolder),
    /interrupted by SIGINT .* after step 2 \(in epoch 1\)\. Nothing was saved: this run has no run folder\.$/,
  );
});
