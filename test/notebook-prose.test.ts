// Every number a notebook's prose states is backed by a code cell: a setting it uses, or a check (src/expect.ts) of a
// result it computes. See test/support/prose-numbers.ts for what counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unbackedNumbers } from './support/prose-numbers';

const notebooksDir = path.join(__dirname, '..', 'notebooks');
const markdown = (text: string) => ({ cell_type: 'markdown', source: text });
const code = (text: string) => ({ cell_type: 'code', source: text });

test('the check finds a planted number, and accepts the ones a cell backs', () => {
  const cells = [
    markdown(
      'The discriminator has 419,329 parameters and reaches 99 % accuracy in 20 epochs on 60,000 digits; it scored 0.945.',
    ),
    code(
      "const settings = { numEpochs: pick(20, 2), images: 60_000 };\nexpect(parameters, 'D').toBe(419_329);\nexpect(accuracy, 'acc').toBeAbove(0.99);",
    ),
  ];
  assert.deepEqual(unbackedNumbers(cells), [{ text: '0.945', cell: 0 }]);
});

test('maths, code, links, references, years and small counts are not results', () => {
  const prose =
    'At equilibrium $L_D=2\\ln 2\\approx 1.39$; run `GENLAB_FAST=1`; see [05 · A DCGAN](05-gan-mnist.ipynb), ' +
    'https://arxiv.org/abs/1406.2661, 000 §5.2.1 (l.543–643), listing L12, claim H13, errata G16 and V19, article 001-ext, ' +
    'chapter 07, notebooks 04–06, Goodfellow et al. (2014), SHA-256, PEP 440, arXiv:1509.00519, doi:10.1145/3422622, three or 4 models.\n\n# 12 · Reading the code';
  assert.deepEqual(unbackedNumbers([markdown(prose)]), []);
  const exercises = '## Exercises\n\n1. Try 256 units.\n\n## Next\n\nIt scored 0.945.';
  assert.deepEqual(unbackedNumbers([markdown(exercises)]), [{ text: '0.945', cell: 0 }]);
});

for (const name of fs
  .readdirSync(notebooksDir)
  .filter((f) => f.endsWith('.ipynb'))
  .sort()) {
  test(`${name}: every number in the prose is a setting or a checked result of a cell`, () => {
    const notebook = JSON.parse(fs.readFileSync(path.join(notebooksDir, name), 'utf8'));
    const unbacked = unbackedNumbers(notebook.cells);
    assert.deepEqual(
      unbacked,
      [],
      `${name}: numbers in markdown cells that no code cell sets or checks: ` +
        unbacked.map((n) => `"${n.text}" (cell ${n.cell})`).join(', ') +
        '. Print the sentence from a cell, or assert the number with expect() from genlab after the cell that computes it.',
    );
  });
}

// A LaTeX command written through an escaping string ("\approx" in Python, "\tanh" in JSON) becomes a control
// character: the bell before "pprox", a tab before "anh". MathJax then shows the bare letters.
for (const name of fs
  .readdirSync(notebooksDir)
  .filter((f) => f.endsWith('.ipynb'))
  .sort()) {
  test(`${name}: no control character (tab, bell, form feed, …) in the prose`, () => {
    const notebook = JSON.parse(fs.readFileSync(path.join(notebooksDir, name), 'utf8'));
    const found = (notebook.cells as { cell_type: string; source: string | string[] }[]).flatMap((cell, i) => {
      const text = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      // eslint-disable-next-line no-control-regex -- control characters are what this test looks for
      const match = cell.cell_type === 'markdown' ? /[\x00-\x08\x0b\x0c\x0e-\x1f\t]/.exec(text) : null;
      return match ? [`cell ${i}: ${JSON.stringify(text.slice(Math.max(0, match.index - 20), match.index + 10))}`] : [];
    });
    assert.deepEqual(found, [], `${name}: write LaTeX commands with a literal backslash: ${found.join('; ')}`);
  });
}
