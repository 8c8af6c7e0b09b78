// src/plots/tslab-writer.ts reaches into tslab's internals to send whole MIME bundles. These tests fail loudly if the
// installed tslab is not the pinned one, or if its writer moved or changed what it sends.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tslabInternal, tslabWriter } from '../src/plots/tslab-writer';
import { executeNotebook, repo } from './support/jupyter';
import { tempDir } from './support/temp';

test('the installed tslab is the pinned 1.0.22', () => {
  const pinned = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).dependencies.tslab;
  const installed = JSON.parse(fs.readFileSync(require.resolve('tslab/package.json'), 'utf8')).version;
  assert.equal(
    pinned,
    '1.0.22',
    'tslab-writer.ts was checked against tslab 1.0.22; check it again before changing the pin',
  );
  assert.equal(installed, pinned, 'node_modules holds another tslab than package.json pins: run `npm ci`');
});

test("tslab's module still has the writer's slot, empty outside a cell", () => {
  const kernel = require(tslabInternal.module) as Record<string, unknown>;
  assert.ok(tslabInternal.slot in kernel, `${tslabInternal.module} no longer exports ${tslabInternal.slot}`);
  assert.equal(tslabWriter(), null);
});

test('inside the real kernel the writer sends a whole MIME bundle, and updates a live output in place', () => {
  const outDir = tempDir('tslab-writer');
  const run = executeNotebook(path.join(__dirname, 'fixtures', 'mime-bundle.ipynb'), outDir);
  assert.equal(run.status, 0, run.stderr);
  const executed = JSON.parse(fs.readFileSync(path.join(outDir, 'mime-bundle.ipynb'), 'utf8'));
  const outputs = executed.cells[0].outputs as { output_type: string; data: Record<string, string | string[]> }[];
  assert.deepEqual(
    outputs.map((o) => o.output_type),
    ['display_data', 'display_data'],
  );
  assert.deepEqual(Object.keys(outputs[0].data).sort(), ['image/png', 'image/svg+xml', 'text/html', 'text/plain']);
  assert.equal([outputs[1].data['text/plain']].flat().join(''), 'second', 'the update replaced the first text');
});
