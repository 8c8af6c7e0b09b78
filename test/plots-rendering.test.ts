// Every output of the executed notebooks rendered by JupyterLab's own renderers (@jupyterlab/rendermime 4.6.6, the
// version JupyterLab 4.6.6 ships, bundled by esbuild into a test page) in Chromium: trusted, untrusted, in reverse
// order, one chart alone, and in a page with an AMD `define` as VS Code's has. The page is served like JupyterLab's:
// its config names the base URL, and lab/extensions/ serves the Plotly bundle from .jupyter-local, where the set-up
// puts it. Reads what test/notebooks.test.ts executed; npm test runs that file first.
import assert from 'node:assert/strict';
import { readFileSync, realpathSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { Browser, Page } from 'playwright-core';
import { blockNetwork, launchChromium, screenshotPath } from './support/browser';
import { ExecutedOutput, executedOutputs, jupyterPath } from './support/jupyter';

const chartSelector = '.genlab-chart';
const plotlyDrawn = '.genlab-chart .main-svg';

interface RenderPage {
  renderOutputs(outputs: { data: Record<string, string>; trusted: boolean }[]): Promise<string[]>;
  clearOutputs(): void;
  Plotly?: unknown;
  define?: { amd?: object };
  defineCalls: number;
}

describe("notebook outputs in JupyterLab's renderers", { timeout: 600_000 }, () => {
  let outputs: ExecutedOutput[];
  let charts: ExecutedOutput[];
  let server: Server;
  let origin: string;
  let browser: Browser;

  before(async () => {
    outputs = executedOutputs();
    charts = outputs.filter(({ data }) => (data['text/html'] ?? '').includes('class="genlab-chart"'));
    assert.ok(charts.length >= 10, `the executed notebooks hold charts (found ${charts.length})`);
    const bundle = await build({
      entryPoints: [join(__dirname, 'page', 'jupyterlab-renderer.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'error',
      loader: { '.svg': 'text' },
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    const page =
      '<!doctype html><html><head><meta charset="utf-8">' +
      '<script id="jupyter-config-data" type="application/json">{"baseUrl": "/"}</script></head>' +
      '<body><script src="/renderer.js"></script></body></html>';
    const labExtensions = join(jupyterPath, 'labextensions');
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/' || url.pathname === '/renderer.js') {
        const [type, body] =
          url.pathname === '/' ? ['text/html', page] : ['text/javascript', bundle.outputFiles[0].text];
        response.writeHead(200, { 'content-type': type }).end(body);
        return;
      }
      // As JupyterLab's handler: lab/extensions/PATH is PATH under a JUPYTER_PATH folder's labextensions/.
      const file = normalize(join(labExtensions, decodeURIComponent(url.pathname.replace(/^\/lab\/extensions\//, ''))));
      try {
        if (!url.pathname.startsWith('/lab/extensions/') || !file.startsWith(labExtensions))
          throw new Error('not served');
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(realpathSync(file)));
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  /** A page with the renderers loaded, nothing fetched from elsewhere, and its console errors collected. */
  async function openPage(errors: string[], initScript?: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    await blockNetwork(page, origin);
    if (initScript) await page.addInitScript({ content: initScript });
    await page.goto(origin);
    await page.waitForFunction(() => 'renderOutputs' in globalThis);
    return page;
  }

  async function render(page: Page, chosen: ExecutedOutput[], trusted: boolean): Promise<string[]> {
    const items = chosen.map(({ data }) => ({ data, trusted }));
    return page.evaluate((list) => (globalThis as unknown as RenderPage).renderOutputs(list), items);
  }

  /** Waits until Plotly has drawn `count` charts. */
  async function expectDrawn(page: Page, count: number): Promise<void> {
    await page.waitForFunction(
      ({ selector, n }) => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } })
          .document;
        return doc.querySelectorAll(selector).length >= n;
      },
      { selector: `${chartSelector}:has(.main-svg)`, n: count },
      { timeout: 120_000, polling: 500 },
    );
  }

  /** The natural width of every image matching `selector`, after decoding (0 for one that does not load). */
  async function imageWidths(page: Page, selector = '.output img'): Promise<number[]> {
    return page.locator(selector).evaluateAll((images) =>
      Promise.all(
        images.map((image) => {
          const img = image as unknown as { decode(): Promise<void>; naturalWidth: number };
          return img.decode().then(
            () => img.naturalWidth,
            () => 0,
          );
        }),
      ),
    );
  }

  test('trusted, in notebook order: every chart is drawn by Plotly, every image shows, and the console stays clean', async () => {
    const errors: string[] = [];
    const page = await openPage(errors);
    await render(page, outputs, true);
    await expectDrawn(page, charts.length);
    const widths = await imageWidths(page);
    assert.ok(widths.length > 0 && widths.every((w) => w > 0), `every image decodes: ${widths}`);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: screenshotPath('jupyterlab-rendermime-trusted.png') });
    await page
      .locator(chartSelector)
      .first()
      .screenshot({ path: screenshotPath('jupyterlab-rendermime-chart-trusted.png') });
    await page.close();
  });

  test('untrusted: no script runs, and every chart shows its static picture through the sanitiser', async () => {
    const errors: string[] = [];
    const page = await openPage(errors);
    const chosen = await render(page, outputs, false);
    assert.ok(
      chosen.every((type) => type !== 'none'),
      'every output has a safe rendering',
    );
    assert.equal(await page.locator(chartSelector).count(), charts.length, 'the sanitiser keeps the chart boxes');
    assert.equal(await page.locator(plotlyDrawn).count(), 0, 'Plotly drew nothing');
    assert.equal(
      await page.evaluate(() => (globalThis as unknown as RenderPage).Plotly),
      undefined,
      'Plotly was not loaded',
    );
    assert.deepEqual(
      await imageWidths(page, `${chartSelector} img`),
      charts.map(() => 640),
      'each chart shows its 640-pixel static picture',
    );
    const widths = await imageWidths(page);
    assert.ok(
      widths.every((w) => w > 0),
      `every image decodes: ${widths}`,
    );
    assert.deepEqual(errors, []);
    await page.screenshot({ path: screenshotPath('jupyterlab-rendermime-untrusted.png') });
    await page
      .locator(chartSelector)
      .first()
      .screenshot({ path: screenshotPath('jupyterlab-rendermime-chart-untrusted.png') });
    await page.close();
  });

  test('the order does not matter: trusted in reverse order, and the last chart alone, each draw', async () => {
    const errors: string[] = [];
    const reversed = await openPage(errors);
    await render(reversed, [...outputs].reverse(), true);
    await expectDrawn(reversed, charts.length);
    await reversed.close();
    const alone = await openPage(errors);
    await render(alone, charts.slice(-1), true);
    await expectDrawn(alone, 1);
    await alone.close();
    assert.deepEqual(errors, []);
  });

  test('trusted late: outputs first shown untrusted, then trusted, draw', async () => {
    const errors: string[] = [];
    const page = await openPage(errors);
    await render(page, charts, false);
    // Trusting a notebook makes JupyterLab render its outputs again, in place of the untrusted ones.
    await page.evaluate(() => (globalThis as unknown as RenderPage).clearOutputs());
    await render(page, charts, true);
    await expectDrawn(page, charts.length);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("in a page with an AMD define, as VS Code's renderer has, charts draw and define is left as it was", async () => {
    const errors: string[] = [];
    // A string, not a function: the test's compiler would wrap a named function in a helper the page lacks.
    const page = await openPage(
      errors,
      'window.defineCalls = 0; window.define = function () { window.defineCalls++; }; window.define.amd = {};',
    );
    // Count from here: the test page's own bundle (JupyterLab's libraries) may register itself with define.
    await page.evaluate(() => void ((globalThis as unknown as RenderPage).defineCalls = 0));
    await render(page, charts, true);
    await expectDrawn(page, charts.length);
    const state = await page.evaluate(() => {
      const page = globalThis as unknown as RenderPage;
      return { amd: typeof page.define?.amd, calls: page.defineCalls, plotly: typeof page.Plotly };
    });
    assert.deepEqual(state, { amd: 'object', calls: 0, plotly: 'object' });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
