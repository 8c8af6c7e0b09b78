// One writer per run folder: a second writer is refused with who holds the folder and since when; a lock left by a
// killed process is taken over; of many processes that start at the same moment exactly one gets the lock, also when
// they all find the same stale lock; and two real trainers started together on one folder: exactly one trains.
import assert from 'node:assert/strict';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkpointFile, FolderLockedError, lockFile, readCheckpoint, takeWriterLock } from '../src/storage';
import { fit } from '../src/training';
import { tempDir } from './support/temp';
import { tinyData, tinyTrainer } from './support/tiny-trainer';

const repo = path.join(__dirname, '..');
const lockModule = JSON.stringify(path.join(repo, 'src', 'storage', 'lock.ts'));
// The fs module object itself, whose functions storage/ looks up at each call (an `import * as` is a copy).
const realFs: typeof fs = require('node:fs');

/**
 * A process that waits until `startAt` (ms since the epoch, so that several start at the same moment), then tries to
 * take `file`, prints 'took' or 'refused', and holds what it took until its standard input closes.
 */
function contender(file: string, startAt = 0): ChildProcessWithoutNullStreams {
  const script = `
    const { takeWriterLock } = require(${lockModule});
    while (Date.now() < ${startAt});
    let lock;
    try { lock = takeWriterLock(${JSON.stringify(file)}, 'the folder'); console.log('took'); }
    catch (error) { console.log(error.name === 'FolderLockedError' ? 'refused' : 'error ' + error.message); }
    process.stdin.on('end', () => { lock?.release(); process.exit(0); }).resume();`;
  return spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repo });
}

const firstLine = (child: ChildProcessWithoutNullStreams) =>
  new Promise<string>((resolve) => child.stdout.once('data', (chunk) => resolve(String(chunk).trim())));
const exit = (child: ChildProcessWithoutNullStreams) => new Promise((resolve) => child.once('exit', resolve));

test('a second writer in the same process is refused; a released lock can be taken again', () => {
  const file = path.join(tempDir('lock'), 'writer.lock');
  const lock = takeWriterLock(file, 'The folder');
  assert.throws(
    () => takeWriterLock(file, 'The folder'),
    (error: Error) =>
      error instanceof FolderLockedError &&
      /^The folder is being written by this very process \(another fit on that folder has not ended\) since /.test(
        error.message,
      ),
  );
  lock.confirm();
  lock.release();
  lock.release();
  assert.equal(fs.existsSync(file), false);
  takeWriterLock(file, 'The folder').release();
});

test('a lock held by a live process is refused, naming its process, host, command and start time', async () => {
  const file = path.join(tempDir('lock'), 'writer.lock');
  const holder = contender(file);
  assert.equal(await firstLine(holder), 'took');
  const held = fs.readFileSync(file, 'utf8');
  const { since } = JSON.parse(held);
  assert.throws(
    () => takeWriterLock(file, 'The run folder runs/x'),
    (error: Error) => {
      assert.ok(error instanceof FolderLockedError);
      assert.equal(error.holder.pid, holder.pid);
      assert.ok(
        error.message.startsWith(
          `The run folder runs/x is being written by process ${holder.pid} on ` +
            `${os.hostname()} (\`node\`) since ${since} (0 min ago). Two writers would mix their checkpoints, so this ` +
            `one stops and changes nothing. Wait for it to finish, or stop it (\`kill ${holder.pid}\` saves where it stands)`,
        ),
        error.message,
      );
      return true;
    },
  );
  assert.equal(fs.readFileSync(file, 'utf8'), held, 'the refused writer changed nothing');
  holder.stdin.end();
  await exit(holder);
  assert.equal(fs.existsSync(file), false, 'the holder released it');
});

test('a lock left by a killed process is taken over', async () => {
  const file = path.join(tempDir('lock'), 'writer.lock');
  const holder = contender(file);
  assert.equal(await firstLine(holder), 'took');
  holder.kill('SIGKILL');
  await exit(holder);
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).pid, holder.pid, 'the killed process left its lock');
  const lock = takeWriterLock(file, 'The folder');
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).pid, process.pid);
  lock.release();
});

/** Writes a lock file as another writer would have. */
function writeLock(file: string, holder: { pid: number; host?: string; token: string }): string {
  const text = JSON.stringify({
    host: os.hostname(),
    since: new Date().toISOString(),
    command: 'genlab train vae',
    ...holder,
  });
  fs.writeFileSync(file, text);
  return text;
}

test('a lock held on another host is never taken over: it cannot be checked there, so the message says how to clear it', () => {
  const file = path.join(tempDir('lock'), 'writer.lock');
  writeLock(file, { pid: 999_999_999, host: 'elsewhere', token: 'remote' });
  assert.throws(
    () => takeWriterLock(file, 'The folder'),
    new RegExp(
      'being written by process 999999999 on elsewhere .*If ' +
        `that process no longer runs \\(it is on another machine, so this one cannot check\\), delete ${file}\\.$`,
    ),
  );
});

test('a writer that found a stale lock does not remove the live lock another writer took in the meantime', (t) => {
  const file = path.join(tempDir('lock'), 'writer.lock');
  // The lock now belongs to a live process (this one's parent); this writer, though, read the stale lock before it.
  const live = writeLock(file, { pid: process.ppid, token: 'live' });
  const stale = JSON.stringify({ pid: 999_999_999, host: os.hostname(), since: '', command: '', token: 'stale' });
  const read = realFs.readFileSync;
  let first = true;
  t.mock.method(realFs, 'readFileSync', (...args: Parameters<typeof fs.readFileSync>) => {
    if (first && args[0] === file) {
      first = false;
      return stale;
    }
    return read(...args);
  });
  assert.throws(
    () => takeWriterLock(file, 'The folder'),
    (error: Error) => error instanceof FolderLockedError && error.holder.pid === process.ppid,
  );
  t.mock.restoreAll();
  assert.equal(fs.readFileSync(file, 'utf8'), live);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['writer.lock']);
});

for (const stale of [false, true]) {
  test(`8 processes starting at the same moment${stale ? ', all finding the same stale lock' : ''}: exactly one takes it`, async () => {
    const file = path.join(tempDir('lock'), 'writer.lock');
    if (stale) {
      const dead = contender(file);
      assert.equal(await firstLine(dead), 'took');
      dead.kill('SIGKILL');
      await exit(dead);
    }
    // Each process needs a moment to start; they all try at one instant after that.
    const startAt = Date.now() + 4000;
    const children = Array.from({ length: 8 }, () => contender(file, startAt));
    const outcomes = await Promise.all(children.map(firstLine));
    for (const child of children) child.stdin.end();
    await Promise.all(children.map(exit));
    assert.deepEqual(outcomes.sort(), [
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'took',
    ]);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [], 'no lock and no temporary file is left');
  });
}

test('fit holds the lock while it trains, stops if another process takes it over, and releases it at the end', async () => {
  const dir = tempDir('lock');
  const options = { data: tinyData(), numEpochs: 2, batchSize: 16, seed: 7, runDir: dir };
  await fit(tinyTrainer(3), {
    ...options,
    numEpochs: 1,
    onEpoch: async () => {
      assert.ok(fs.existsSync(lockFile(dir)));
      await assert.rejects(fit(tinyTrainer(3), { ...options, runDir: dir }), /being written by this very process/);
    },
  });
  assert.equal(fs.existsSync(lockFile(dir)), false);
  // Another process that found this one's lock stale (it cannot, while this one runs; here it is made to) took it over.
  const takeOver = () => {
    const holder = JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'));
    fs.writeFileSync(lockFile(dir), JSON.stringify({ ...holder, pid: 1, token: 'another' }));
  };
  await assert.rejects(
    fit(tinyTrainer(3), { ...options, resume: true, onEpoch: takeOver }),
    new RegExp(
      `The run folder ${dir} is no longer locked by this process: process 1 on .* took it over at .*\\. Two writers ` +
        'would mix their checkpoints, so this one stops writing there\\.',
    ),
  );
  assert.equal(readCheckpoint(checkpointFile(dir)).epoch, 1, 'nothing more was written');
});

test('two trainers started on one folder at the same moment: exactly one trains, the other names it and changes nothing', async () => {
  const out = tempDir('lock-cli');
  const env = { ...process.env, GENLAB_FAST: '1' };
  const cli = [
    '--import',
    'tsx',
    path.join('src', 'cli', 'main.ts'),
    'train',
    'vae',
    '--latent=2',
    '--epochs=3',
    `--out=${out}`,
  ];
  const trainers = [0, 1].map(() => spawn(process.execPath, cli, { env, cwd: repo }));
  const stderr = trainers.map((child) => {
    let text = '';
    child.stderr.on('data', (chunk) => {
      text += chunk;
    });
    return () => text;
  });
  const codes = await Promise.all(trainers.map(exit));
  assert.deepEqual([...codes].sort(), [0, 1], stderr.map((text) => text()).join('\n'));
  const [winner, loser] = codes[0] === 0 ? [0, 1] : [1, 0];
  assert.match(
    stderr[loser](),
    new RegExp(
      `^genlab: The run folder ${out} is being written by process ` +
        `${trainers[winner].pid} on ${os.hostname()} \\(\`node ${path.join('src', 'cli', 'main.ts')} train vae .*\`\\) since `,
      'm',
    ),
  );
  assert.equal(readCheckpoint(checkpointFile(out)).epoch, 3);
  assert.deepEqual(fs.readdirSync(out).sort(), [
    'checkpoint.bin',
    'metrics.json',
    'provenance.json',
    'samples-epoch-1.png',
    'samples-epoch-2.png',
    'samples-epoch-3.png',
  ]);
  assert.equal(
    JSON.parse(fs.readFileSync(path.join(out, 'provenance.json'), 'utf8')).sessions.length,
    1,
    'the refused trainer recorded nothing',
  );
});
