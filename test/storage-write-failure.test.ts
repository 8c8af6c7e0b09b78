// Writes that fail: a full disk (the kernel's own ENOSPC, from /dev/full) in the middle of training, and each failure
// a disk gives, injected: the previous checkpoint stays intact and loadable, no temporary file is left, and the
// message names the file, says what failed and what the checkpoint holds, and how to continue.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  checkpointFile,
  EpochRecord,
  metricsFile,
  readCheckpoint,
  WriteFailedError,
  writeAtomically,
} from '../src/storage';
import { fit, TrainingWriteError } from '../src/training';
import { tempDir } from './support/temp';
import { tinyData, tinyTrainer, withEvent } from './support/tiny-trainer';

const repo = path.join(__dirname, '..');
// The fs module object itself, whose functions storage/ looks up at each call (an `import * as` is a copy).
const realFs: typeof fs = require('node:fs');
const options = (runDir: string, resume = false) => ({
  data: tinyData(),
  numEpochs: 2,
  batchSize: 16,
  seed: 7,
  runDir,
  resume,
});
const losses = (history: EpochRecord[]) => history.map((r) => r.metrics.loss);
const leftovers = (dir: string) => fs.readdirSync(dir).filter((name) => /partial|lock/.test(name));

/** Makes this process's next write of `file` go to /dev/full, where every write fails with ENOSPC. */
const fillDiskFor = (file: string, pid = process.pid) => fs.symlinkSync('/dev/full', `${file}.partial-${pid}`);

test('a full disk at a checkpoint: the previous one stays intact and loadable, nothing is left, the message says how to go on', async () => {
  const whole = await fit(tinyTrainer(3), options(tempDir('full')));
  const dir = tempDir('full');
  const file = checkpointFile(dir);
  // 3 steps an epoch: step 4 starts epoch 2, after the checkpoint of epoch 1; that of epoch 2 meets the full disk.
  const diskFillsInStep4 = (call: number) => {
    if (call === 4) fillDiskFor(file);
  };
  await assert.rejects(fit(withEvent(tinyTrainer(3), diskFillsInStep4), options(dir)), (error: Error) => {
    assert.ok(error instanceof TrainingWriteError);
    assert.equal(
      error.message,
      `Training stopped. Could not write ${file} (ENOSPC): no space is left on the device (the ` +
        `disk is full). The checkpoint ${file} is intact and holds the run up to the end of epoch 1, step 3 (the ` +
        'half-written file was removed). Free some space on that disk, then continue with resume: true (run fit again ' +
        'with it; in a notebook, run the training cell again).',
    );
    return true;
  });
  assert.deepEqual(leftovers(dir), [], 'no temporary file and no lock is left');
  assert.equal(readCheckpoint(file).epoch, 1);
  const resumed = await fit(tinyTrainer(3), options(dir, true));
  assert.deepEqual(losses(resumed.history), losses(whole.history), 'resuming gives exactly the uninterrupted run');
});

test("a full disk at metrics.json, after the checkpoint: the message gives the new checkpoint's position", async () => {
  const dir = tempDir('full');
  const fillForMetrics = (call: number) => {
    if (call === 4) fillDiskFor(metricsFile(dir));
  };
  await assert.rejects(
    fit(withEvent(tinyTrainer(3), fillForMetrics), options(dir)),
    new RegExp(
      `Could not write ${metricsFile(dir)} \\(ENOSPC\\): no space .* The checkpoint ${checkpointFile(dir)} is intact and ` +
        'holds the run up to the end of epoch 2, step 6 ',
    ),
  );
  assert.deepEqual(leftovers(dir), []);
  // metrics.json is rebuilt from the checkpoint on resume.
  await fit(tinyTrainer(3), options(dir, true));
  assert.equal(JSON.parse(fs.readFileSync(metricsFile(dir), 'utf8')).history.length, 2);
});

/** An errno error as Node's fs throws it. */
function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

for (const [code, words, where] of [
  ['ENOSPC', 'no space is left on the device (the disk is full)', 'writeSync'],
  ['EACCES', 'no permission to write there', 'openSync'],
  ['EROFS', 'the file system is read-only', 'openSync'],
  ['EIO', 'an input/output error (the disk or its connection may be failing)', 'fsyncSync'],
] as const) {
  test(`${code} in ${where}: the old file stays, the temporary one goes, and the error says "${words}"`, (t) => {
    const file = path.join(tempDir('inject'), 'metrics.json');
    writeAtomically(file, 'old');
    t.mock.method(realFs, where, () => {
      throw errno(code);
    });
    assert.throws(
      () => writeAtomically(file, 'new'),
      (error: Error) => {
        assert.ok(error instanceof WriteFailedError);
        assert.equal(error.message, `Could not write ${file} (${code}): ${words}.`);
        assert.equal(error.replaced, false);
        return true;
      },
    );
    t.mock.restoreAll();
    assert.equal(fs.readFileSync(file, 'utf8'), 'old');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['metrics.json']);
  });
}

test('a folder that cannot be flushed after the rename: the new file is in place, and the error says a power cut could lose it', (t) => {
  const file = path.join(tempDir('inject'), 'metrics.json');
  writeAtomically(file, 'old');
  const fsync = fs.fsyncSync;
  // The file's own fsync succeeds; the folder's (opened read-only, the second call) fails.
  let calls = 0;
  t.mock.method(realFs, 'fsyncSync', (fd: number) => {
    if (++calls === 2) throw errno('EIO');
    fsync(fd);
  });
  assert.throws(
    () => writeAtomically(file, 'new'),
    (error: Error) =>
      error instanceof WriteFailedError &&
      error.replaced &&
      /in place but its folder could not be flushed/.test(error.message),
  );
  t.mock.restoreAll();
  assert.equal(fs.readFileSync(file, 'utf8'), 'new');
});

test('when only the folder flush of a checkpoint fails, fit says that the checkpoint holds the new position', async (t) => {
  const dir = tempDir('inject');
  const fsync = realFs.fsyncSync;
  // The first checkpoint's file flush succeeds, its folder's (the second call) fails, after the rename.
  let calls = 0;
  t.mock.method(realFs, 'fsyncSync', (fd: number) => {
    if (++calls === 2) throw errno('EIO');
    fsync(fd);
  });
  await assert.rejects(fit(tinyTrainer(3), { ...options(dir), numEpochs: 1 }), (error: Error) => {
    assert.equal(
      error.message,
      `Training stopped. Could not write ${checkpointFile(dir)} (EIO): an input/output error (the ` +
        'disk or its connection may be failing). The new file is in place but its folder could not be flushed, so a power ' +
        `cut could still lose it. The checkpoint ${checkpointFile(dir)} is intact and holds the run up to the end of epoch 1, ` +
        'step 3. Check the disk (dmesg, smartctl) or move the run folder to another one, then continue with resume: true ' +
        '(run fit again with it; in a notebook, run the training cell again).',
    );
    return true;
  });
});

test('the CLI on a full disk: the checkpoint of epoch 1 stays, and the message gives the exact --resume command', async () => {
  const out = tempDir('cli-full');
  const env = { ...process.env, GENLAB_FAST: '1' };
  const train = ['--import', 'tsx', path.join('src', 'cli', 'main.ts'), 'train', 'vae', '--latent=2', `--out=${out}`];
  const first = spawnSync(process.execPath, [...train, '--epochs=1'], { env, cwd: repo, encoding: 'utf8' });
  assert.equal(first.status, 0, first.stderr);
  const before = fs.readFileSync(checkpointFile(out));
  // The second process's first write of the checkpoint goes to /dev/full; it is created as the process starts.
  const second = spawn(process.execPath, [...train, '--epochs=2', '--resume'], { env, cwd: repo });
  fillDiskFor(checkpointFile(out), second.pid);
  let stderr = '';
  second.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const status = await new Promise((resolve) => second.once('exit', resolve));
  assert.equal(status, 1, stderr);
  const command = `node --import tsx ${train.slice(2).join(' ')} --epochs=2 --resume`;
  assert.ok(
    stderr.includes(
      `genlab: Training stopped. Could not write ${checkpointFile(out)} (ENOSPC): no space is left ` +
        `on the device (the disk is full). The checkpoint ${checkpointFile(out)} is intact and holds the run up to the end ` +
        `of epoch 1, step 2 (the half-written file was removed). Free some space on that disk, then continue with --resume: ` +
        `\`${command}\`.\n`,
    ),
    stderr,
  );
  assert.deepEqual(fs.readFileSync(checkpointFile(out)), before);
  assert.deepEqual(leftovers(out), []);
});
