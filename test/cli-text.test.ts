import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseTrainArgs } from '../src/cli/args';
import { tempDir } from './support/temp';

const repo = path.join(__dirname, '..');
const cli = [process.execPath, '--import', 'tsx', path.join(repo, 'src', 'cli', 'main.ts')] as const;

test('train lm and train text-vae parse, with --corpus for them only', () => {
  const lm = parseTrainArgs(['train', 'lm', '--corpus=book.txt', '--epochs=2']);
  assert.equal(lm.model, 'lm');
  assert.equal(lm.corpus, 'book.txt');
  assert.equal(lm.numEpochs, 2);
  assert.equal(parseTrainArgs(['train', 'text-vae']).numEpochs, 8);
  assert.throws(
    () => parseTrainArgs(['train', 'vae', '--corpus=book.txt']),
    /--corpus applies to the lm and the text-vae only/,
  );
  assert.throws(() => parseTrainArgs(['train', 'lm', '--latent=4']), /--latent does not apply to the lm/);
});

test('an empty corpus file stops `genlab train lm` with a message that says what to give, and writes nothing', () => {
  const dir = tempDir('cli-text');
  const empty = path.join(dir, 'empty.txt');
  fs.writeFileSync(empty, '');
  const out = path.join(dir, 'run');
  const result = spawnSync(cli[0], [...cli.slice(1), 'train', 'lm', `--corpus=${empty}`, `--out=${out}`], {
    env: { ...process.env, GENLAB_FAST: '1', GENLAB_WASM_THREADS: '1' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 1, result.stderr);
  assert.match(
    result.stderr,
    /genlab: The corpus .*empty\.txt is empty: give a text file with at least a few thousand characters\./,
  );
  assert.equal(fs.existsSync(out), false);
});
