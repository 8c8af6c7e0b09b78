// The browser tests' set-up, in one place: Debian's Chromium through playwright-core, pages with the network blocked,
// JupyterLab from .venv/ (what kernel-setup/start.sh opens) with the project's local tslab kernel spec.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { after, before } from 'node:test';
import { Browser, chromium, Page } from 'playwright-core';
import { jupyterPath, jupyterPython, repo, venvPython } from './jupyter';
import { tempDir } from './temp';

/**
 * A headless Chromium that never fetches anything on its own. Playwright gives each launch a fresh temporary
 * profile (--user-data-dir) and deletes it on close.
 */
export function launchChromium(): Promise<Browser> {
  assert.ok(existsSync('/usr/bin/chromium'), "Debian's chromium is missing: apt-get install chromium");
  return chromium.launch({
    executablePath: '/usr/bin/chromium', // Debian's; playwright must never download a browser
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Fails, saying what to run, where a test of executed notebooks lacks dist/ (the kernel imports it) or Jupyter. */
export function assertNotebooksCanRun(): void {
  assert.ok(existsSync(join(repo, 'dist', 'index.js')), 'dist/ is missing: run `npm run build` first');
  jupyterPython(); // throws, saying to run the set-up, where Jupyter or the local tslab kernel is missing
}

/**
 * For a suite of checks on executed notebooks in Chromium: before its tests, checks dist/ and Jupyter, makes `outDir`
 * and launches Chromium; after them, closes it. Returns the browser (call it inside a test).
 */
export function chromiumForNotebooks(outDir: string): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    assertNotebooksCanRun();
    mkdirSync(outDir, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser as Browser;
}

/** The path of a screenshot named `name` in out/screenshots/ (made if missing). */
export function screenshotPath(name: string): string {
  const folder = join(repo, 'out', 'screenshots');
  mkdirSync(folder, { recursive: true });
  return join(folder, name);
}

/**
 * Lets `page` load only URLs that start with `allowed` (local files by default) and aborts every other request.
 * Returns the blocked URLs, a list that fills as the page asks.
 */
export async function blockNetwork(page: Page, allowed = 'file:'): Promise<string[]> {
  const blocked: string[] = [];
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(allowed)) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  return blocked;
}

/**
 * Serves a copy of the notebook `fixture` from `folder` in JupyterLab, opens it in a new page of `browser`, runs all
 * its cells through the page, hands the page to `check`, and stops the server, also when `check` fails. `folder`
 * lies inside the repository, so that the kernel resolves 'genlab' from node_modules.
 */
export async function checkInJupyterLab(
  browser: Browser,
  fixture: string,
  folder: string,
  viewport: { width: number; height: number },
  check: (page: Page) => Promise<void>,
): Promise<void> {
  mkdirSync(folder, { recursive: true });
  copyFileSync(fixture, join(folder, basename(fixture)));
  const server = await startJupyterLab(folder);
  try {
    const page = await browser.newPage({ viewport });
    await page.goto(server.urlOf(basename(fixture)));
    await runAllCellsInJupyterLab(page, 120_000); // tslab compiles each cell: slow on a busy machine
    await check(page);
    await page.close();
  } finally {
    await server.stop();
  }
}

/**
 * A home folder for a Jupyter started by a test: its runtime files (state, kernel connections) and settings stay
 * there, and every process started with it carries it in HOME, so leftovers can be found (see processesWithHome).
 * JupyterLab's settings there turn autosave off, so running a notebook through the page never rewrites the file,
 * and keep it from asking about news.
 */
export function jupyterHome(): string {
  const home = tempDir('jupyter-home');
  const settings = join(home, '.jupyter', 'lab', 'user-settings', '@jupyterlab');
  const write = (plugin: string, values: object) => {
    mkdirSync(join(settings, plugin.split(':')[0]), { recursive: true });
    writeFileSync(join(settings, `${plugin.replace(':', '/')}.jupyterlab-settings`), JSON.stringify(values));
  };
  write('docmanager-extension:plugin', { autosave: false });
  write('apputils-extension:notification', { fetchNews: 'false', checkForUpdates: false });
  return home;
}

export interface JupyterLabServer {
  /** The URL that opens a notebook of the served folder in JupyterLab, with the token. */
  urlOf(notebook: string): string;
  stop(): Promise<void>;
}

/**
 * Starts JupyterLab from .venv/ on 127.0.0.1 with a random token, serving `folder`, in its own process group so
 * that stop() can end it and everything it started.
 */
export async function startJupyterLab(folder: string): Promise<JupyterLabServer> {
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const server = spawn(
    venvPython,
    [
      '-m',
      'jupyterlab',
      '--no-browser',
      '--ip=127.0.0.1',
      `--port=${port}`,
      '--port-retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${folder}`,
      '--allow-root',
    ],
    { env: { ...process.env, HOME: jupyterHome(), JUPYTER_PATH: jupyterPath }, detached: true, stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    server.kill('SIGTERM'); // Jupyter's own clean stop: it shuts its kernels down first
    await exited(server, 15_000);
    killGroup(server);
  };
  try {
    await waitUntil(
      async () => (await fetch(`${base}/api/status?token=${token}`).catch(() => null))?.ok === true,
      60_000,
      `JupyterLab on ${base} did not answer within 60 s`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { urlOf: (notebook) => `${base}/lab/tree/${notebook}?token=${token}`, stop };
}

/** Runs every cell of the open notebook through JupyterLab's menu, as a person would, and waits until all have run. */
export async function runAllCellsInJupyterLab(page: Page, timeoutMs: number): Promise<void> {
  // Wait for the status bar to show the tslab kernel ("TypeScript") ready: a notebook run before its kernel has
  // started makes JupyterLab ask which kernel to start.
  await page.locator('.jp-StatusBar-Left', { hasText: 'TypeScript | Idle' }).waitFor({ timeout: 180_000 }); // slow when busy
  await page.getByRole('menuitem', { name: 'Run', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Run All Cells', exact: true }).click();
  // Each code cell's prompt reads "[n]:" once it ran, "[*]:" while it runs or waits, "[ ]:" before.
  const prompts = page.locator('.jp-CodeCell .jp-InputPrompt');
  const allRan = (texts: string[]) => texts.length > 0 && texts.every((prompt) => /\[\d+\]/.test(prompt));
  await waitUntil(
    async () => allRan(await prompts.allTextContents()),
    timeoutMs,
    `the notebook's cells did not all run within ${timeoutMs / 1000} s`,
  );
}

/** The ids of running processes whose HOME is `home` (see jupyterHome): what a test's Jupyter left behind. */
export function processesWithHome(home: string): number[] {
  const marker = `\0HOME=${home}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        return `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(marker);
      } catch {
        return false; // ended meanwhile, or not ours to read
      }
    })
    .map(Number);
}

export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // the group has already exited
  }
}

/** Resolves when `child` has exited, or after `timeoutMs`. */
export async function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function waitUntil(ready: () => Promise<boolean>, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
