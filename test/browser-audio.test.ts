// Checks in Chromium that a notebook's audio plays offline: the <audio> element of showAudio loads its embedded WAV
// (one second at 8 kHz) and the spectrogram beside it decodes, in the HTML export of an executed notebook and live in
// JupyterLab. Needs `npm run build` (the kernel imports dist/) and Debian's chromium.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Page } from 'playwright-core';
import { blockNetwork, checkInJupyterLab, chromiumForNotebooks, screenshotPath } from './support/browser';
import { executeNotebook, repo } from './support/jupyter';

const fixture = join(repo, 'test', 'fixtures', 'audio-demo.ipynb');
const outDir = join(repo, 'out', 'audio');

/** The player's duration once Chromium has decoded the WAV's header, and the spectrogram's width once it has decoded. */
async function expectPlayerAndSpectrogram(page: Page): Promise<void> {
  const player = page.locator('.genlab-audio audio').first();
  await player.waitFor({ state: 'attached', timeout: 60_000 });
  const duration = await player.evaluate(
    (audio: {
      readyState: number;
      duration: number;
      error: unknown;
      addEventListener(e: string, f: () => void): void;
    }) =>
      new Promise<number>((resolve, reject) => {
        if (audio.readyState >= 1) resolve(audio.duration);
        audio.addEventListener('loadedmetadata', () => resolve(audio.duration));
        audio.addEventListener('error', () =>
          reject(new Error(`the player cannot load its WAV: ${String(audio.error)}`)),
        );
      }),
  );
  assert.ok(Math.abs(duration - 1) < 1e-3, `the player holds the one-second clip (duration ${duration} s)`);
  const width = await page
    .locator('.genlab-audio img[src^="data:image/png"]')
    .first()
    .evaluate((img: { decode(): Promise<void>; naturalWidth: number }) => img.decode().then(() => img.naturalWidth));
  assert.equal(width, 1 + Math.floor((8000 - 256) / 64), 'the spectrogram has one column per frame');
}

describe('audio in a browser', { timeout: 600_000 }, () => {
  const browser = chromiumForNotebooks(outDir);

  test('the HTML export of an executed notebook plays the clip with the network blocked', async () => {
    const run = executeNotebook(fixture, outDir);
    assert.equal(run.status, 0, run.stderr);
    const page = await browser().newPage();
    await blockNetwork(page);
    await page.goto(`file://${join(outDir, 'audio-demo.html')}`, { timeout: 120_000 });
    await expectPlayerAndSpectrogram(page);
    await page
      .locator('.genlab-audio')
      .first()
      .screenshot({ path: screenshotPath('audio-export.png') });
    await page.close();
  });

  test('JupyterLab runs the cell and shows a player that loads the clip', async () => {
    await checkInJupyterLab(browser(), fixture, join(outDir, 'live'), { width: 1100, height: 900 }, async (page) => {
      await expectPlayerAndSpectrogram(page);
      await page.screenshot({ path: screenshotPath('audio-jupyterlab.png') });
    });
  });
});
