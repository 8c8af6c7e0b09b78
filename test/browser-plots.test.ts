// Checks in a real browser that charts and image grids render offline: live in JupyterLab, and in the HTML export of
// an executed notebook. Needs `npm run build` (the kernel imports dist/) and Debian's chromium.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Page } from 'playwright-core';
import { blockNetwork, checkInJupyterLab, chromiumForNotebooks, screenshotPath } from './support/browser';
import { executeNotebook, repo } from './support/jupyter';

const fixture = join(repo, 'test', 'fixtures', 'plots-demo.ipynb');
const outDir = join(repo, 'out', 'plots');
const exportedHtml = `file://${join(outDir, 'plots-demo.html')}`;

/** Waits for Plotly's chart (its SVG, drawn by the bundle inside the notebook) and the grid's PNG image. */
async function expectChartAndGrid(page: Page): Promise<void> {
  await page.locator('.genlab-chart svg.main-svg').first().waitFor({ timeout: 60_000 });
  const gridWidth = await page
    .locator('img[src^="data:image/png"]')
    .first()
    .evaluate((img: { decode(): Promise<void>; naturalWidth: number }) => img.decode().then(() => img.naturalWidth));
  assert.equal(gridWidth, (8 * 29 + 1) * 3, 'the grid of 8 columns of 28-pixel images, scaled 3x, is displayed');
  assert.match(await page.locator('.genlab-chart').first().innerText(), /generator/, 'the legend names the series');
}

describe('plots in a browser', { timeout: 600_000 }, () => {
  const browser = chromiumForNotebooks(outDir);
  const viewport = { width: 1100, height: 900 };

  test('the HTML export of an executed notebook shows the chart and the grid with the network blocked', async () => {
    const run = executeNotebook(fixture, outDir); // what `start.sh --headless` and the notebook tests do
    assert.equal(run.status, 0, run.stderr);
    console.log(`executed notebook: ${statSync(join(outDir, 'plots-demo.ipynb')).size} bytes`);

    const page = await browser().newPage({ viewport });
    const blocked = await blockNetwork(page);
    await page.goto(exportedHtml, { timeout: 120_000 }); // Chromium parses the 4.8 MB Plotly bundle first
    await expectChartAndGrid(page);
    assert.ok(
      blocked.every((url) => !/plotly/i.test(url)),
      `nothing Plotly comes from the network: ${blocked}`,
    );
    await page.screenshot({ path: screenshotPath('plots-export.png'), fullPage: true });
    await page.close();
  });

  test('without JavaScript the export still shows the static chart picture and the grid', async () => {
    const page = await browser().newPage({ viewport, javaScriptEnabled: false });
    await page.goto(exportedHtml, { timeout: 120_000 }); // Chromium parses the 4.8 MB Plotly bundle first
    const chart = page.locator('.genlab-chart').first();
    assert.equal(await chart.locator('svg.main-svg').count(), 0, 'no script ran, so Plotly drew nothing');
    const picture = chart.locator('img[src^="data:image/svg+xml"]');
    assert.equal(
      await picture.evaluate((img: { decode(): Promise<void>; naturalWidth: number }) =>
        img.decode().then(() => img.naturalWidth),
      ),
      640,
      'the static picture is shown',
    );
    assert.equal(await page.locator('img[src^="data:image/png"]').count(), 2, 'the grid and the animated grid');
    await chart.screenshot({ path: screenshotPath('plots-export-nojs.png') });
    await page.close();
  });

  test('JupyterLab runs all cells through the page and shows the chart and the grid', async () => {
    await checkInJupyterLab(browser(), fixture, join(outDir, 'live'), { width: 1100, height: 2000 }, async (page) => {
      await expectChartAndGrid(page);
      await page.getByText('step 3/3').waitFor({ timeout: 30_000 }); // the live output was updated in place
      await page.screenshot({ path: screenshotPath('plots-jupyterlab.png') });
    });
  });
});
