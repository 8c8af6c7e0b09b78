// `genlab train wavenet` end to end in fast mode: a run folder with the checkpoint, the held-out bits and a generated
// second of audio per epoch, continued by --resume; then sound-results saves the run's numbers and audio.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadSoundResults, readWav } from '../src/audio';
import { parseTrainArgs, UsageError } from '../src/cli/args';
import { runFolder } from '../src/storage';
import { tempDir } from './support/temp';

const repo = path.join(__dirname, '..');
const cli = [process.execPath, '--import', 'tsx', path.join(repo, 'src', 'cli', 'main.ts')] as const;
const env = { ...process.env, GENLAB_FAST: '1', GENLAB_WASM_THREADS: '1' };

test('the wavenet takes windows of speech in batches of 4 for two epochs by default, and no latent size', () => {
  assert.deepEqual(parseTrainArgs(['train', 'wavenet']), {
    model: 'wavenet',
    numEpochs: 2,
    batchSize: 4,
    seed: 1,
    outDir: runFolder('wavenet'),
    resume: false,
    binarised: false,
  });
  assert.throws(
    () => parseTrainArgs(['train', 'wavenet', '--latent=2']),
    (e: Error) => e instanceof UsageError && /--latent does not apply to the wavenet/.test(e.message),
  );
});

test('train wavenet writes a checkpoint, the held-out bits and a second of generated speech, and --resume continues', () => {
  const out = tempDir('cli-wavenet');
  const first = spawnSync(cli[0], [...cli.slice(1), 'train', 'wavenet', '--epochs=1', '--batch=16', `--out=${out}`], {
    env,
    encoding: 'utf8',
    cwd: repo,
  });
  assert.equal(first.status, 0, first.stderr);
  assert.match(
    first.stdout,
    /training wavenet on 48 windows of 273 samples from 18 files \(66 s of speech\); 2 files held out/,
  );
  const metrics = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.ok(metrics.history[0].metrics.heldOutBits > 0 && metrics.history[0].metrics.heldOutBits < 8.5);
  const generated = readWav(fs.readFileSync(path.join(out, 'samples-epoch-1.wav')));
  assert.deepEqual([generated.sampleRate, generated.samples.length], [8000, 8000]);

  const resumed = spawnSync(
    cli[0],
    [...cli.slice(1), 'train', 'wavenet', '--batch=16', '--epochs=2', `--out=${out}`, '--resume'],
    { env, encoding: 'utf8', cwd: repo },
  );
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, /done: 2 epochs, 6 steps/);
  assert.ok(fs.existsSync(path.join(out, 'samples-epoch-2.wav')));

  const resultsDir = path.join(out, 'results');
  const script = path.join(repo, 'src', 'cli', 'sound-results.ts');
  const saved = spawnSync(cli[0], [cli[1], cli[2], script, out, resultsDir], { env, encoding: 'utf8', cwd: repo });
  assert.equal(saved.status, 0, saved.stderr);
  const { results, audio } = loadSoundResults(resultsDir);
  assert.deepEqual([results.run.epochs, results.run.steps, results.heldOut.files], [2, 6, 2]);
  assert.equal(results.bitsPerSample.uniform, 8);
  assert.ok(results.bitsPerSample.linearPredictionAdaptiveScale < results.bitsPerSample.histogram);
  assert.equal(results.generation.identical, true);
  assert.equal(audio.samples.length, 0.5 * 8000 + 2 * 8000); // the prompt, then the continuation
  assert.throws(() => loadSoundResults(path.join(out, 'none')), /node dist\/cli\/sound-results\.js/);
});
