// A real `genlab train` process killed without warning (SIGKILL: no handler runs, as in a crash or the OOM killer) at
// seeded random moments, each time followed by --resume: the run ends with exactly the weights, optimiser state,
// metrics and pictures of an uninterrupted run, and nothing temporary is left in the folder.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { checkpointFile, metricsFile, readCheckpoint } from '../src/storage';
import { tempDir } from './support/temp';

const repo = path.join(__dirname, '..');
const env = { ...process.env, GENLAB_FAST: '1' };
// The VAE with a 2-D latent space in fast mode (100 images) at batch 100: one step and a small evaluation per epoch, so
// that the many process starts, not the training, take most of the time.
const EPOCHS = 11;
const KILLS = 10;
const train = (out: string) => [
  '--import',
  'tsx',
  path.join('src', 'cli', 'main.ts'),
  'train',
  'vae',
  '--latent=2',
  `--epochs=${EPOCHS}`,
  '--batch=100',
  '--seed=2',
  `--out=${out}`,
];

interface Session {
  endedBy: NodeJS.Signals | null;
  code: number | null;
  /** Milliseconds from the line that announces training to the first epoch's "done" line; undefined if none came. */
  toFirstEpoch?: number;
}

/**
 * Runs the CLI in `out` and, unless `killAfter` is undefined, SIGKILLs it that many milliseconds after it announces
 * training, or right after it reports its first finished epoch, whichever comes first (so a session adds at most one
 * epoch to the run, and ten of them cannot finish it).
 */
function session(out: string, killAfter?: number): Promise<Session> {
  const resume = fs.existsSync(checkpointFile(out)) ? ['--resume'] : [];
  const child = spawn(process.execPath, [...train(out), ...resume], {
    env,
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let announced: number | undefined;
  let toFirstEpoch: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (announced === undefined && stdout.includes('training vae')) {
      announced = performance.now();
      if (killAfter !== undefined) timer = setTimeout(kill, killAfter);
    }
    if (announced !== undefined && toFirstEpoch === undefined && / done in /.test(stdout)) {
      toFirstEpoch = performance.now() - announced;
      if (killAfter !== undefined) kill();
    }
  });
  return new Promise((resolve) =>
    child.once('exit', (code, endedBy) => {
      clearTimeout(timer);
      if (endedBy !== 'SIGKILL') assert.equal(code, 0, `${stdout}\n${stderr}`);
      resolve({ code, endedBy, toFirstEpoch });
    }),
  );
}

/** What a finished run folder holds: its files, the checkpoint's tensors and state, metrics without times, pictures. */
function contents(out: string) {
  const { networks, optimizers, history, ...state } = readCheckpoint(checkpointFile(out));
  const values = [
    ...Object.values(networks).flat(),
    ...Object.values(optimizers)
      .flat()
      .map((w) => w.tensor),
  ]
    .map((tensor) => tensor.dataSync())
    .map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'));
  const untimed = (records: { seconds: number }[]) => records.map(({ seconds: _, ...rest }) => rest);
  const metrics = JSON.parse(fs.readFileSync(metricsFile(out), 'utf8'));
  const files = fs.readdirSync(out).sort();
  const pictures = files
    .filter((name) => name.endsWith('.png'))
    .map((name) => fs.readFileSync(path.join(out, name)).toString('base64'));
  return {
    files,
    state,
    history: untimed(history),
    metrics: { ...metrics, history: untimed(metrics.history) },
    values,
    pictures,
  };
}

test(`${KILLS} SIGKILLs at seeded random moments, each followed by --resume, end with exactly the uninterrupted run`, async () => {
  const reference = tempDir('sigkill-reference');
  const straight = await session(reference);
  assert.ok(straight.toFirstEpoch !== undefined);
  // Kill times up to 1.5 times the span the uninterrupted run took to finish its first epoch: some land while the
  // process resumes, some in a step or an evaluation, some while it writes a picture, the checkpoint or metrics.json,
  // and the latest right after a checkpoint.
  const random = seedrandom('genlab sigkill schedule');
  const out = tempDir('sigkill');
  let kills = 0;
  while (kills < KILLS) {
    const ended = await session(out, 1.5 * random() * straight.toFirstEpoch);
    assert.equal(ended.endedBy, 'SIGKILL', `session ${kills + 1} finished the run before it was killed`);
    kills++;
  }
  await session(out);
  const expected = contents(reference);
  assert.deepEqual(
    expected.files.filter((name) => !name.startsWith('samples-epoch-')),
    ['checkpoint.bin', 'metrics.json', 'provenance.json'],
  );
  assert.equal(expected.pictures.length, EPOCHS);
  assert.equal(expected.state.epoch, EPOCHS);
  assert.deepEqual(contents(out), expected);
});
