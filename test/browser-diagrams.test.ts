// Checks in Debian's Chromium, with the network blocked, that chapter 01's diagrams show in the HTML export of an
// executed notebook at their own size. Needs `npm run build` (the kernel imports dist/) and the local Jupyter.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONCEPT_DIAGRAMS, diagramSvg } from '../src/frame';
import { assertNotebooksCanRun, blockNetwork, launchChromium } from './support/browser';
import { executeNotebook, repo } from './support/jupyter';

test(
  'the HTML export shows every corrected diagram, offline, at the size mermaid drew it',
  { timeout: 600_000 },
  async () => {
    assertNotebooksCanRun();
    const outDir = join(repo, 'out', 'diagrams');
    mkdirSync(outDir, { recursive: true });
    const run = executeNotebook(join(repo, 'test', 'fixtures', 'diagrams.ipynb'), outDir);
    assert.equal(run.status, 0, run.stderr);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const blocked = await blockNetwork(page);
      await page.goto(`file://${join(outDir, 'diagrams.html')}`, { timeout: 120_000 });
      type Image = { decode(): Promise<void>; naturalWidth: number };
      const widths = await page
        .locator('[data-mime-type="image/svg+xml"] img')
        .evaluateAll((images) =>
          Promise.all((images as unknown as Image[]).map((image) => image.decode().then(() => image.naturalWidth))),
        );
      const drawn = CONCEPT_DIAGRAMS.map((d) => Number(/ width="(\d+)"/.exec(diagramSvg(d))![1]));
      assert.deepEqual(widths, drawn, 'each diagram is shown, at the width of its SVG');
      assert.ok(
        blocked.every((url) => !/mermaid|jsdelivr|unpkg/i.test(url)),
        `nothing of the diagrams comes from the network: ${blocked}`,
      );
      await page.close();
    } finally {
      await browser.close();
    }
  },
);
