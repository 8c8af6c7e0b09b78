// The README's first command as a person uses it: `bash kernel-setup/start.sh`, no flags, then the printed URL in a
// browser, notebooks/00-setup.ipynb opened from JupyterLab's file browser and run through the page, then the server
// stopped as `kill` stops it. Needs the set-up (.venv/, the tslab kernel) and Debian's chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Browser } from 'playwright-core';
import {
  exited,
  freePort,
  jupyterHome,
  killGroup,
  launchChromium,
  processesWithHome,
  runAllCellsInJupyterLab,
  screenshotPath,
  waitUntil,
} from './support/browser';
import { jupyterPython, repo, venvPython } from './support/jupyter';

const notebook = join(repo, 'notebooks', '00-setup.ipynb');

let browser: Browser | undefined;
after(() => browser?.close());

test(
  'start.sh opens JupyterLab, where 00-setup runs with the tslab kernel, and a kill stops everything it started',
  { timeout: 1_200_000 },
  async () => {
    jupyterPython(); // throws, saying to run the set-up, where Jupyter or the local tslab kernel is missing
    assert.ok(existsSync(venvPython), 'JupyterLab from PyPI is missing: run `bash kernel-setup/start.sh --setup-only`');
    const notebookBefore = readFileSync(notebook, 'utf8');
    const checkpoints = join(repo, 'notebooks', '.ipynb_checkpoints'); // JupyterLab makes one when a notebook opens
    const checkpointsBefore = existsSync(checkpoints);
    const home = jupyterHome();
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, JUPYTER_PORT: String(port), GENLAB_FAST: '1' };
    delete env.CI; // with CI set, start.sh executes the notebooks instead of serving them
    delete env.DISPLAY;
    const start = spawn('bash', [join(repo, 'kernel-setup', 'start.sh')], {
      cwd: repo,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let served = false;
    start.stdout.on('data', (chunk) => (output += chunk));
    start.stderr.on('data', (chunk) => (output += chunk));
    try {
      // Generous: on a 2-core machine busy with other work, compiling and checking the kernel took over 4 minutes.
      await waitUntil(
        async () => /is ready\. Open \S+/.test(output) || start.exitCode !== null,
        600_000,
        `start.sh printed no URL within 600 s:\n${output}`,
      );
      const url = output.match(/== JupyterLab is ready\. Open (\S+)/)?.[1];
      assert.ok(url, `start.sh announces JupyterLab and its URL:\n${output}`);
      assert.match(
        url,
        new RegExp(`^http://localhost:${port}/lab\\?token=[0-9a-f]{32,}$`),
        'the URL has the port asked for and a token',
      );
      if (process.getuid?.() === 0)
        assert.match(output, /--allow-root/, 'as root, start.sh says it passes --allow-root');
      assert.match(
        output,
        new RegExp(`Stop it with Ctrl-C twice in this terminal, or \`kill ${start.pid}\``),
        'it says how to stop it',
      );
      assert.doesNotMatch(output, /Running as root is not recommended/);

      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1200, height: 2400 } });
      await page.goto(url);
      await page.locator('.jp-DirListing-item', { hasText: 'notebooks' }).dblclick({ timeout: 60_000 });
      await page.locator('.jp-DirListing-item', { hasText: '00-setup.ipynb' }).dblclick();
      await runAllCellsInJupyterLab(page, 180_000).catch(async (error) => {
        await page.screenshot({ path: screenshotPath('jupyterlab-00-setup-failed.png') });
        throw error;
      });

      const outputs = page.locator('.jp-OutputArea-output');
      assert.match(
        await outputs.allInnerTexts().then((texts) => texts.join('\n')),
        /TensorFlow\.js backend: \w+/,
        'the backend line',
      );
      assert.equal(
        await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count(),
        0,
        'no cell wrote to stderr (tslab reports errors there)',
      );
      assert.equal(await page.locator('.jp-RenderedImage img').count(), 1, 'the grid of the first digits is shown');
      await page.screenshot({ path: screenshotPath('jupyterlab-00-setup.png') });
      served = true;
    } finally {
      if (start.exitCode === null) process.kill(start.pid as number, 'SIGTERM'); // start.sh exec'd the server: `kill PID`
      await exited(start, 30_000);
      const left = processesWithHome(home);
      killGroup(start);
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL'); // so that a failed run leaves nothing behind either
        } catch {
          // it ended meanwhile
        }
      }
      if (!checkpointsBefore) rmSync(checkpoints, { recursive: true, force: true });
      // Only after a full run: an earlier failure is the one to report, and start.sh then stops mid-set-up.
      if (served) assert.deepEqual(left, [], `processes left behind after the server stopped:\n${output}`);
    }
    assert.equal(start.exitCode, 0, `the server exits cleanly on SIGTERM:\n${output}`);
    assert.equal(readFileSync(notebook, 'utf8'), notebookBefore, 'the notebook on disk is unchanged (autosave is off)');
  },
);
