// Notebooks are committed clean (no outputs, no execution counts, an id per cell) and all run on the tslab kernel.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const notebooksDir = path.resolve(__dirname, '..', 'notebooks');

for (const name of fs.readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb'))) {
  test(`${name} is committed without outputs, with cell ids, and uses the tslab kernel`, () => {
    const notebook = JSON.parse(fs.readFileSync(path.join(notebooksDir, name), 'utf8'));
    assert.equal(notebook.metadata.kernelspec.name, 'tslab');
    for (const cell of notebook.cells.filter((c: { cell_type: string }) => c.cell_type === 'code')) {
      assert.deepEqual(cell.outputs, [], `${name}: a code cell has outputs; clear them before committing`);
      assert.equal(cell.execution_count, null, `${name}: a code cell has an execution count`);
    }
    // nbformat 4.5 gives every cell an id; without them nbformat warns on every read and JupyterLab makes new ones.
    const ids = notebook.cells.map((c: { id?: string }) => c.id);
    assert.ok(
      ids.every((id: unknown) => typeof id === 'string' && id !== ''),
      `${name}: a cell has no id (nbformat 4.5 needs one)`,
    );
    assert.equal(new Set(ids).size, ids.length, `${name}: two cells share an id`);
  });
}
