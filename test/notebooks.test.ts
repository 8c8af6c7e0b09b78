// Executes every notebook headlessly through the tslab kernel, in fast mode, and proves that a broken one fails.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { executeNotebook, repo } from './support/jupyter';

const notebooksDir = path.join(repo, 'notebooks');
const notebooks = fs.readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb')).sort();
const outDir = path.join(repo, 'out', 'test-notebooks');

describe('the harness', () => {
  test('reports a notebook that throws as failed, naming the cell and the error', () => {
    const run = executeNotebook(path.join(__dirname, 'fixtures', 'broken.ipynb'), path.join(outDir, 'fixtures'));
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /FAILED .*broken\.ipynb/);
    assert.match(run.stderr, /code cell 2 .*failed:[\s\S]*Error: deliberately broken notebook/);
    // What ran before the failure is kept.
    const executed = fs.readFileSync(path.join(outDir, 'fixtures', 'broken.ipynb'), 'utf8');
    assert.match(executed, /first cell runs/);
  });

  test('reports a type error, which tslab prints only on stderr', () => {
    const run = executeNotebook(path.join(__dirname, 'fixtures', 'type-error.ipynb'), path.join(outDir, 'fixtures'));
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /code cell 1 .*failed:\n\s+2:7 - Type 'string' is not assignable to type 'number'/);
  });
});

describe('every notebook executes in fast mode with no error', () => {
  for (const name of notebooks) {
    test(name, () => {
      const run = executeNotebook(path.join(notebooksDir, name), outDir);
      assert.equal(run.status, 0, `${name} failed:\n${run.stderr}`);
      assert.ok(fs.existsSync(path.join(outDir, name.replace(/\.ipynb$/, '.html'))), 'HTML export missing');
    });
  }
});
