// A run folder's sample grids: saved under one name per epoch, read back in epoch order (as the notebooks animate them).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fastMode } from '../src/config';
import {
  readSampleGrids,
  repositoryRelative,
  runFolder,
  sampleGridFile,
  saveSampleGrid,
  shippedRunFolder,
} from '../src/storage';
import { tempDir } from './support/temp';

test('sample grids read back in epoch order (10 after 2), and other files are left out', () => {
  const runDir = tempDir('runs');
  for (const epoch of [10, 1, 2]) saveSampleGrid(runDir, epoch, Uint8Array.of(epoch, 0xff));
  fs.writeFileSync(path.join(runDir, 'misclassified-epoch-3.png'), 'x');
  fs.writeFileSync(path.join(runDir, 'metrics.json'), '{}');
  const grids = readSampleGrids(runDir);
  assert.deepEqual(
    grids.map((g) => g.epoch),
    [1, 2, 10],
  );
  assert.deepEqual(
    grids.map((g) => [...g.png]),
    [
      [1, 0xff],
      [2, 0xff],
      [10, 0xff],
    ],
  );
  assert.equal(sampleGridFile(runDir, 2), path.join(runDir, 'samples-epoch-2.png'));
  assert.deepEqual(
    fs.readdirSync(runDir).filter((name) => name.includes('partial')),
    [],
    'no temporary file is left',
  );
});

test('a folder that does not exist holds no grids', () => {
  assert.deepEqual(readSampleGrids(path.join(os.tmpdir(), 'genlab-no-such-run')), []);
});

test('results files name a run relative to the repository, never by a machine path', () => {
  assert.equal(repositoryRelative(shippedRunFolder('gan')), path.join('trained', 'gan'));
  assert.equal(repositoryRelative(runFolder('gan')), path.join('runs', fastMode ? 'fast' : '', 'gan'));
});
