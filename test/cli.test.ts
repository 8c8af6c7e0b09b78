// `genlab train`: argument checking, and a tiny classifier run end to end that is interrupted, then resumed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { selectBackend } from '../src/backend';
import {
  parseCompareArgs,
  parseCompressionArgs,
  parseEvaluateArgs,
  parseOodArgs,
  parseShipArgs,
  parseStabilisingArgs,
  parseTrainArgs,
  UsageError,
} from '../src/cli/args';
import { COMPARISON_RESULTS_DIRECTORY, EXPERIMENTS, STABILITY_RESULTS_FILE } from '../src/comparison';
import { loadMnist } from '../src/data';
import { EpochRecord, readCheckpoint, runFolder } from '../src/storage';
import { firstImages, fit, FULL_LIKELIHOOD_SETTINGS, vaeTrainer } from '../src/training';
import { tempDir } from './support/temp';

const repo = path.join(__dirname, '..');
const cli = [process.execPath, '--import', 'tsx', path.join(repo, 'src', 'cli', 'main.ts')] as const;
const env = { ...process.env, GENLAB_FAST: '1' };

test('parses options as --key=value or --key value, with per-model defaults', () => {
  assert.deepEqual(parseTrainArgs(['train', 'classifier']), {
    model: 'classifier',
    numEpochs: 10,
    batchSize: 64,
    seed: 1,
    outDir: runFolder('classifier'),
    resume: false,
    binarised: false,
  });
  assert.deepEqual(
    parseTrainArgs(['train', 'classifier', '--epochs=3', '--batch', '32', '--seed=5', '--out=x', '--resume']),
    { model: 'classifier', numEpochs: 3, batchSize: 32, seed: 5, outDir: 'x', resume: true, binarised: false },
  );
  assert.deepEqual(parseTrainArgs(['train', 'vae', '--latent=2']), {
    model: 'vae',
    numEpochs: 20,
    batchSize: 64,
    latentDim: 2,
    seed: 1,
    outDir: runFolder('vae'),
    resume: false,
    binarised: false,
  });
  assert.equal(parseTrainArgs(['train', 'gan']).latentDim, 100);
});

test('--binarised trains the vae on binary digits, by default into a folder of its own', () => {
  assert.deepEqual(parseTrainArgs(['train', 'vae', '--binarised']), {
    model: 'vae',
    numEpochs: 20,
    batchSize: 64,
    latentDim: 20,
    seed: 1,
    outDir: runFolder('vae-binarised'),
    resume: false,
    binarised: true,
  });
  assert.equal(parseTrainArgs(['train', 'vae', '--out=x', '--binarised', '--resume']).outDir, 'x');
});

test('rejects unknown commands, models and options, and values of the wrong type, saying what to type', () => {
  const cases: [string[], RegExp][] = [
    [
      ['fit', 'classifier'],
      /unknown command "fit"; the commands are "train", "evaluate", "ship", "compare", "stabilising", "ood" and "compression"\./,
    ],
    [['train', 'resnet'], /unknown model "resnet"; choose one of classifier, gan, vae/],
    [['train', 'gan', '--latent=0'], /--latent must be a whole number ≥ 1, got "0"/],
    [['train', 'classifier', '--lr=0.1'], /unknown option --lr; the options are --epochs, --batch/],
    [['train', 'classifier', '--epochs=2.5'], /--epochs must be a whole number ≥ 1, got "2.5"/],
    [['train', 'classifier', '--batch=0'], /--batch must be a whole number ≥ 1, got "0"/],
    [['train', 'classifier', '--seed=-1'], /--seed must be a whole number ≥ 1/],
    [
      ['train', 'classifier', '--seed=0'],
      /--seed must be a whole number ≥ 1, got "0" \(TensorFlow\.js takes a seed of 0 to mean "no seed"/,
    ],
    [['train', 'classifier', '--epochs'], /--epochs needs a value, e.g. --epochs=5/],
    [['train', 'classifier', '--resume=yes'], /--resume takes no value/],
    [['train', 'vae', '--binarised=1'], /--binarised takes no value/],
    [['train', 'gan', '--binarised'], /--binarised applies to the vae only, not the gan/],
    [['train', 'classifier', '--latent=2'], /--latent does not apply to the classifier/],
    [['train', 'classifier', 'extra'], /unexpected argument "extra"/],
  ];
  for (const [argv, message] of cases)
    assert.throws(
      () => parseTrainArgs(argv),
      (e: Error) => e instanceof UsageError && message.test(e.message),
      argv.join(' '),
    );
});

test('evaluate vae: the test log-likelihood settings, by default the full ones on runs/vae-binarised', () => {
  assert.deepEqual(parseEvaluateArgs(['evaluate', 'vae']), {
    ...FULL_LIKELIHOOD_SETTINGS,
    outDir: runFolder('vae-binarised'),
  });
  assert.deepEqual(parseEvaluateArgs(['evaluate', 'vae', '--images=10', '--samples', '50', '--seed=7', '--out=x']), {
    images: 10,
    samples: 50,
    seed: 7,
    outDir: 'x',
  });
  const cases: [string[], RegExp][] = [
    [['evaluate', 'gan'], /evaluate measures a vae only, got "gan"/],
    [
      ['evaluate', 'vae', '--epochs=2'],
      /unknown option --epochs; the options are --images, --samples, --seed, --out\./,
    ],
    [['evaluate', 'vae', '--samples=0'], /--samples must be a whole number ≥ 1, got "0"/],
    [['evaluate', 'vae', '--resume'], /unknown option --resume/],
  ];
  for (const [argv, message] of cases)
    assert.throws(
      () => parseEvaluateArgs(argv),
      (e: Error) => e instanceof UsageError && message.test(e.message),
      argv.join(' '),
    );
});

test("ship: the run folder to copy into trained/, by default the model's own", () => {
  assert.deepEqual(parseShipArgs(['ship', 'vae']), { model: 'vae', outDir: runFolder('vae') });
  assert.deepEqual(parseShipArgs(['ship', 'vae', '--out=runs/vae-2d']), { model: 'vae', outDir: 'runs/vae-2d' });
  const cases: [string[], RegExp][] = [
    [['ship', 'vae-2d'], /unknown model "vae-2d"; choose one of classifier, gan, vae/],
    [['ship', 'vae', '--epochs=2'], /unknown option --epochs; the options are --out\./],
    [['ship', 'vae', '--out'], /--out needs a value/],
  ];
  for (const [argv, message] of cases)
    assert.throws(
      () => parseShipArgs(argv),
      (e: Error) => e instanceof UsageError && message.test(e.message),
      argv.join(' '),
    );
});

test('compare: the experiments of chapter 07 to run, by default all, into notebooks/results/gan-vs-vae', () => {
  assert.deepEqual(parseCompareArgs(['compare']), { only: EXPERIMENTS, out: COMPARISON_RESULTS_DIRECTORY });
  assert.deepEqual(parseCompareArgs(['compare', '--only=beta,passes', '--out', 'x']), {
    only: ['beta', 'passes'],
    out: path.resolve('x'),
  });
  const cases: [string[], RegExp][] = [
    [
      ['compare', '--only=beta,gans'],
      /unknown experiment gans; --only takes a comma-separated list of passes, data-size/,
    ],
    [['compare', '--epochs=2'], /unknown option --epochs; the options are --out, --only\./],
    [['compare', '--only'], /--only needs a value/],
    [['compare', 'beta'], /unexpected argument "beta"; the options are --out, --only\./],
  ];
  for (const [argv, message] of cases)
    assert.throws(
      () => parseCompareArgs(argv),
      (e: Error) => e instanceof UsageError && message.test(e.message),
      argv.join(' '),
    );
  // From the command line, and through the npm script that keeps the old name: a bad flag exits 2 with the usage.
  for (const command of [
    [...cli, 'compare', '--onyl=beta'],
    ['npm', 'run', '--silent', 'bench:compare', '--', '--onyl=beta'],
  ]) {
    const run = spawnSync(command[0], command.slice(1), { env, cwd: repo, encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(
      run.stderr,
      /genlab: unknown option --onyl; the options are --out, --only\.[^]*genlab compare \[--only=EXPERIMENT/,
    );
  }
});

test('stabilising, ood and compression (chapters 08 and 13): their options, checked as the other commands do', () => {
  assert.deepEqual(parseStabilisingArgs(['stabilising']), { out: STABILITY_RESULTS_FILE });
  assert.deepEqual(parseStabilisingArgs(['stabilising', '--out', 'x.json']), { out: 'x.json' });
  assert.deepEqual(parseOodArgs(['ood']), { numEpochs: 5 });
  assert.deepEqual(parseOodArgs(['ood', '--epochs=1']), { numEpochs: 1 });
  assert.equal(parseCompressionArgs(['compression']), undefined);
  const cases: [() => unknown, RegExp][] = [
    [() => parseStabilisingArgs(['stabilising', '--epochs=2']), /unknown option --epochs; the options are --out\./],
    [() => parseStabilisingArgs(['stabilising', '--out']), /--out needs a value/],
    [() => parseOodArgs(['ood', '--epochs=0']), /--epochs must be a whole number ≥ 1, got "0"/],
    [() => parseOodArgs(['ood', '--out=x']), /unknown option --out; the options are --epochs\./],
    [() => parseOodArgs(['ood', 'extra']), /unexpected argument "extra"; options look like --epochs=5\./],
    [() => parseCompressionArgs(['compression', '--samples=10']), /unknown option --samples; it takes no options\./],
    [() => parseCompressionArgs(['compression', 'extra']), /unexpected argument "extra"; it takes no options\./],
  ];
  for (const [parse, message] of cases)
    assert.throws(parse, (e: Error) => e instanceof UsageError && message.test(e.message), message.source);
});

test('the old command lines that saved results name, stabilising.js and frame.js, run the same commands', () => {
  // A bad flag reaches the command's own parser: exit status 2, the error and the usage, before any work.
  for (const [script, args, message] of [
    ['stabilising.ts', ['--outt=x.json'], /genlab: unknown option --outt; the options are --out\./],
    ['frame.ts', ['ood', '--epochs=two'], /genlab: --epochs must be a whole number ≥ 1, got "two"/],
    ['frame.ts', ['compression', '--fast'], /genlab: unknown option --fast; it takes no options\./],
  ] as const) {
    const run = spawnSync(cli[0], [...cli.slice(1, -1), path.join(repo, 'src', 'cli', script), ...args], {
      env,
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, message);
    assert.match(run.stderr, /usage: genlab train [^]*genlab stabilising \[--out=FILE\]/);
  }
  // frame.js is chapter 13's two commands only: another genlab command is refused before any work.
  const other = spawnSync(cli[0], [...cli.slice(1, -1), path.join(repo, 'src', 'cli', 'frame.ts'), 'train', 'vae'], {
    env,
    cwd: repo,
    encoding: 'utf8',
  });
  assert.equal(other.status, 2, other.stderr);
  assert.match(other.stderr, /frame\.js runs only ood \[--epochs=N\] or compression [^]*not "train vae"/);
});

test('stabilising refuses to write fast-mode runs into a results file of full runs, and changes nothing', () => {
  const file = path.join(tempDir('cli-stabilising'), 'h12.json');
  const saved = JSON.stringify({ command: 'the full runs', fast: false, runs: [] });
  fs.writeFileSync(file, saved);
  const run = spawnSync(cli[0], [...cli.slice(1), 'stabilising', `--out=${file}`], {
    env,
    cwd: repo,
    encoding: 'utf8',
  });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /h12\.json holds full runs and this is a fast-mode run; pass another --out file, or delete/);
  assert.equal(fs.readFileSync(file, 'utf8'), saved);
});

test('package.json declares the CLI as the bin "genlab", built from src/cli/main.ts', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  assert.equal(pkg.bin.genlab, 'dist/cli/main.js');
  assert.match(fs.readFileSync(path.join(repo, 'src', 'cli', 'main.ts'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

test('a bad command line exits with status 2 and the usage, before any training', () => {
  const run = spawnSync(cli[0], [...cli.slice(1), 'train', 'classifier', '--epochs=two'], { env, encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /genlab: --epochs must be a whole number[\s\S]*usage: genlab train/);
  const resume = spawnSync(cli[0], [...cli.slice(1), 'train', 'classifier', '--resume', '--out=/nonexistent/run'], {
    env,
    encoding: 'utf8',
  });
  assert.equal(resume.status, 2);
  assert.match(resume.stderr, /--resume: \/nonexistent\/run holds no checkpoint\.bin to continue/);
});

/** Trains a tiny classifier for 2 epochs into a new folder and sends `signal` in the second, as a user would. */
async function trainAndSignal(signal: NodeJS.Signals) {
  const out = tempDir('cli');
  const child = spawn(
    cli[0],
    [...cli.slice(1), 'train', 'classifier', '--epochs=2', '--batch=100', '--seed=3', `--out=${out}`],
    { env, cwd: repo },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    if (stdout.includes('epoch 1/2 done') && !child.killed) child.kill(signal);
  });
  const [code, endedBy] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (...ended) => resolve(ended)),
  );
  return { out, stdout, code, endedBy };
}

/** What the CLI prints when `signal` stops it in epoch 2, ending with the command that continues; returns that command. */
function assertStopMessage(stdout: string, signal: NodeJS.Signals, out: string): string {
  // The signal lands after some step of epoch 2 (or, rarely, before its first): the checkpoint holds that step.
  const match = new RegExp(
    `Training interrupted by ${signal} \\(.+\\) after step (1\\d) \\(in epoch 2\\)\\. The checkpoint ` +
      `.*checkpoint\\.bin holds the run up to there \\((the end of epoch 1|epoch 2), step \\1\\b.*\\)\\. ` +
      'Continue with --resume: `(.*)`\\.\n$',
  ).exec(stdout);
  assert.ok(match, stdout);
  const command = match[3];
  assert.equal(
    command,
    `node --import tsx ${path.join('src', 'cli', 'main.ts')} train classifier --epochs=2 --batch=100 ` +
      `--seed=3 --out=${out} --resume`,
  );
  return command;
}

test('trains a tiny classifier; Ctrl-C saves where it stands; the command it prints finishes the run', async () => {
  const { out, stdout, code } = await trainAndSignal('SIGINT');
  assert.equal(code, 130, stdout);
  const command = assertStopMessage(stdout, 'SIGINT', out);
  const saved = readCheckpoint(path.join(out, 'checkpoint.bin'));
  assert.equal(saved.epoch, 1);
  const doneInEpoch2 = saved.epochInProgress?.steps ?? 0;

  const again = spawnSync(
    cli[0],
    [...cli.slice(1), 'train', 'classifier', '--epochs=2', '--batch=100', '--seed=3', `--out=${out}`],
    { env, encoding: 'utf8' },
  );
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds a classifier run.*nothing was overwritten/);

  const resumed = spawnSync('sh', ['-c', command], { env, cwd: repo, encoding: 'utf8' });
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /epoch 2\/2 done in .* testAccuracy/);
  const firstBarLine = resumed.stderr.split('\n').find((line) => line.startsWith('epoch 2/2'));
  assert.match(
    firstBarLine ?? '',
    new RegExp(` ${doneInEpoch2}/10 `),
    'the bar starts where the checkpoint left epoch 2',
  );
  const metrics = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.deepEqual(
    metrics.history.map((r: { epoch: number }) => r.epoch),
    [1, 2],
  );
  assert.deepEqual(metrics.settings, { seed: 3, batchSize: 100, trainingImages: 1000 });
  assert.ok(
    metrics.history.every(
      (r: { metrics: Record<string, number> }) => r.metrics.testAccuracy >= 0 && r.metrics.loss > 0,
    ),
  );
  const pngs = fs
    .readdirSync(out)
    .filter((f) => f.endsWith('.png'))
    .sort();
  assert.deepEqual(pngs, ['misclassified-epoch-1.png', 'misclassified-epoch-2.png']);
  assert.deepEqual(fs.readFileSync(path.join(out, pngs[0])).subarray(1, 4).toString(), 'PNG');
});

for (const [signal, cause] of [
  ['SIGTERM', '`kill`'],
  ['SIGHUP', 'a closed terminal'],
] as const) {
  test(`${signal} (${cause}) saves a whole checkpoint, says so as Ctrl-C does, and ends the process by that signal`, async () => {
    const { out, stdout, code, endedBy } = await trainAndSignal(signal);
    assert.deepEqual([code, endedBy], [null, signal], stdout);
    assertStopMessage(stdout, signal, out);
    const saved = readCheckpoint(path.join(out, 'checkpoint.bin'));
    assert.equal(saved.epoch, 1);
    assert.ok((saved.epochInProgress?.steps ?? 0) < 10);
  });
}

for (const model of ['gan', 'vae']) {
  test(`trains a tiny ${model} and writes its checkpoint, metrics and a sample grid`, () => {
    const out = tempDir(`cli-${model}`);
    const run = spawnSync(
      cli[0],
      [...cli.slice(1), 'train', model, '--epochs=1', '--batch=32', '--latent=8', `--out=${out}`],
      { env, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(fs.readdirSync(out).sort(), [
      'checkpoint.bin',
      'metrics.json',
      'provenance.json',
      'samples-epoch-1.png',
    ]);
    const [session] = JSON.parse(fs.readFileSync(path.join(out, 'provenance.json'), 'utf8')).sessions;
    assert.match(session.command, new RegExp(`main\\.[jt]s train ${model} --epochs=1 --batch=32 --latent=8 --out=`));
    assert.match(session.commit, /^([0-9a-f]{40}|unknown)$/);
    assert.equal(session.fromStep, 0);
    const metrics = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    assert.equal(metrics.settings.latentDim, 8);
    assert.ok(Object.keys(metrics.history[0].metrics).includes(model === 'gan' ? 'L_D' : 'testNegElbo'));
    assert.equal(readCheckpoint(path.join(out, 'checkpoint.bin')).kind, model);
  });
}

test('trains a tiny binarised vae, then estimates its test log-likelihood, saves it, and reads it back', () => {
  const out = tempDir('cli-binarised');
  const train = spawnSync(
    cli[0],
    [...cli.slice(1), 'train', 'vae', '--binarised', '--epochs=1', '--batch=32', '--latent=8', `--out=${out}`],
    { env, encoding: 'utf8' },
  );
  assert.equal(train.status, 0, train.stderr);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8')).settings.binarisation, 'dynamic');
  const evaluate = () =>
    spawnSync(cli[0], [...cli.slice(1), 'evaluate', 'vae', `--out=${out}`, '--images=3', '--samples=20'], {
      env,
      encoding: 'utf8',
    });
  const first = evaluate();
  assert.equal(first.status, 0, first.stderr);
  const { step } = readCheckpoint(path.join(out, 'checkpoint.bin'));
  assert.match(
    first.stdout,
    new RegExp(`20 draws of z for each of the first 3 test digits .* after 1 epochs \\(${step} steps\\)`),
  );
  assert.match(
    first.stdout,
    /k = 1: log p\(x\) ≥ L_k ≈ -\d+\.\d\d ± \d+\.\d\d nats per digit\nk = 10: .*\nk = 20: .*\nsaved in .*iwae\.json/,
  );
  const saved = JSON.parse(fs.readFileSync(path.join(out, 'iwae.json'), 'utf8'));
  assert.deepEqual(
    [saved.epochs, saved.images, saved.samples, saved.bounds.map((b: { k: number }) => b.k)],
    [1, 3, 20, [1, 10, 20]],
  );
  const again = evaluate();
  assert.match(again.stdout, /read from .*iwae\.json/);
  assert.equal(
    again.stdout.split('\n').find((l) => l.startsWith('k = 20')),
    first.stdout.split('\n').find((l) => l.startsWith('k = 20')),
  );
});

test('--seed, --latent, --batch and --epochs reach the trainer and the loop: the CLI trains exactly what the library does', async () => {
  // The same run in this process, from the library: equal numbers to the last bit mean that every flag reached the
  // place it configures (a seed passed to the loop but not to the model's initialiser, say, would change them).
  const out = tempDir('cli-flags');
  const run = spawnSync(
    cli[0],
    [...cli.slice(1), 'train', 'vae', '--epochs=2', '--batch=50', '--seed=4', '--latent=3', `--out=${out}`],
    { env, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  const written = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  await selectBackend({ quiet: true });
  const mnist = await loadMnist();
  // Fast mode trains on the first 100 training digits (the settings record says how many) and tests on the first 100.
  const trainer = vaeTrainer({ latentDim: 3, seed: 4, test: firstImages(mnist.test, 100) });
  const library = await fit(trainer, {
    data: firstImages(mnist.train, written.settings.trainingImages),
    numEpochs: 2,
    batchSize: 50,
    seed: 4,
    runDir: tempDir('cli-flags'),
    resume: false,
  });
  assert.deepEqual(written.settings, { latentDim: 3, seed: 4, batchSize: 50, trainingImages: 100 });
  assert.deepEqual(
    written.history.map((r: EpochRecord) => [r.epoch, r.steps, r.metrics]),
    library.history.map((r) => [r.epoch, r.steps, r.metrics]),
  );
});
