// Helpers for the browser tests: Debian's Chromium through playwright-core, Debian's classic Notebook server,
// and nbconvert runs with the project's local tslab kernel spec.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium } from 'playwright-core';
import { jupyterPath, jupyterPython, repo } from './jupyter';

const jupyterEnv = { ...process.env, JUPYTER_PATH: jupyterPath };

/**
 * A headless Chromium that never fetches anything on its own. Playwright gives each launch a fresh temporary
 * profile (--user-data-dir) and deletes it on close.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', // Debian's; playwright must never download a browser
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Runs `jupyter nbconvert` with the given arguments and the local tslab kernel spec. */
export async function nbconvert(args: string[]): Promise<void> {
  await promisify(execFile)(jupyterPython(), ['-m', 'nbconvert', ...args], { env: jupyterEnv, cwd: repo });
}

export interface NotebookServer {
  /** The URL of a notebook in the served folder, with the token. */
  urlOf(notebook: string): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's classic Notebook server on 127.0.0.1 with a random token, serving `folder`, in its own process
 * group so that stop() can end it and everything it started.
 */
export async function startNotebookServer(folder: string): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const runtime = mkdtempSync(join(tmpdir(), 'genlab-jupyter-'));
  const server = spawn(
    jupyterPython(),
    ['-m', 'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
      `--NotebookApp.token=${token}`, `--notebook-dir=${folder}`, '--allow-root'],
    { env: { ...jupyterEnv, JUPYTER_RUNTIME_DIR: runtime, JUPYTER_CONFIG_DIR: runtime }, detached: true, stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await fetch(`${base}/api/shutdown?token=${token}`, { method: 'POST' }).catch(() => undefined); // ends kernels too
    await exited(server, 10_000);
    killGroup(server);
    rmSync(runtime, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => (await fetch(`${base}/api/status?token=${token}`).catch(() => null))?.ok === true, 30_000,
      `the Notebook server on ${base} did not answer within 30 s`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urlOf: (notebook) => `${base}/notebooks/${notebook}?token=${token}`, stop };
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // the group has already exited
  }
}

async function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function waitUntil(ready: () => Promise<boolean>, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}
