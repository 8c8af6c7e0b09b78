// Executes every notebook headlessly through the tslab kernel, in fast mode, and proves that a broken one fails; then
// builds the book from them (kernel-setup/build_book.py) and opens it offline in Chromium.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { blockNetwork, launchChromium } from './support/browser';
import { executeNotebook, jupyterPython, repo } from './support/jupyter';

const notebooksDir = path.join(repo, 'notebooks');
const notebooks = fs
  .readdirSync(notebooksDir)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();
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

describe('the book', () => {
  test('builds from the executed notebooks and opens offline: every chapter loads, draws its charts and maths, with no console error', async () => {
    const bookDir = path.join(repo, 'out', 'book');
    const build = spawnSync(
      jupyterPython(),
      ['-Xfrozen_modules=off', path.join(repo, 'kernel-setup', 'build_book.py'), bookDir, '--executed', outDir],
      { encoding: 'utf8', env: { ...process.env, GENLAB_FAST: '1' } },
    );
    assert.equal(build.status, 0, build.stdout + build.stderr);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
      await blockNetwork(page);
      await page.goto(`file://${path.join(bookDir, 'index.html')}`);
      const links = await page.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(
        links,
        notebooks.map((name) => name.replace(/\.ipynb$/, '.html')),
      );

      for (const [i, link] of links.entries()) {
        await page.goto(`file://${path.join(bookDir, link!)}`, { timeout: 120_000 });
        const charts = await page.locator('.genlab-chart').count();
        if (charts > 0)
          await page
            .locator('.genlab-chart svg.main-svg')
            .nth(charts - 1)
            .waitFor({ timeout: 60_000 });
        const undrawn = await page
          .locator('.genlab-chart')
          .evaluateAll((all) => all.filter((chart) => !chart.querySelector('svg.main-svg')).length);
        assert.equal(undrawn, 0, `${link}: every chart drawn by Plotly`);
        const notebook = fs.readFileSync(path.join(notebooksDir, notebooks[i]), 'utf8');
        if (/\$\$/.test(notebook))
          await page.locator('.MathJax_CHTML, .mjx-chtml').first().waitFor({ timeout: 60_000 });
        const nav = await page
          .locator('nav.genlab-book-nav')
          .first()
          .locator('a')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.deepEqual(
          nav,
          [links[i - 1], 'index.html', links[i + 1]].filter(Boolean),
          `${link}: previous, contents, next`,
        );
      }
      assert.deepEqual(problems, [], 'console errors');
    } finally {
      await browser.close();
    }
  });
});
