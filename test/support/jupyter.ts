// Jupyter as kernel-setup installs it (the Python that has it, the local tslab kernel spec), and a runner for
// kernel-setup/execute_notebook.py, the executor that `bash kernel-setup/start.sh --headless` uses.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repo = path.resolve(__dirname, '..', '..');
/** The JUPYTER_PATH entry holding the local tslab kernel spec. */
export const jupyterPath = path.join(repo, '.jupyter-local', 'share', 'jupyter');

/** The Python of the .venv/ that kernel-setup/start.sh fills from PyPI (JupyterLab, nbclient, nbconvert). */
export const venvPython = path.join(repo, '.venv', 'bin', 'python');

/**
 * The Python that Jupyter runs on: .venv/'s, or Debian's python3 where start.sh fell back to it; or an error telling
 * the reader to run the set-up first.
 */
export function jupyterPython(): string {
  const found = [venvPython, '/usr/bin/python3'].find((candidate) =>
    spawnSync(candidate, ['-c', 'import jupyter_client, nbclient, nbconvert']).status === 0);
  if (!found || !fs.existsSync(path.join(jupyterPath, 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error('Jupyter or the local tslab kernel is missing: run `bash kernel-setup/start.sh --setup-only` first.');
  }
  return found;
}

export interface Execution {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Executes `notebook` (fast mode unless `env` says otherwise), writing the executed copy and HTML to `outDir`. */
export function executeNotebook(notebook: string, outDir: string, env: Record<string, string> = {}): Execution {
  const result = spawnSync(jupyterPython(), [
    '-Xfrozen_modules=off', path.join(repo, 'kernel-setup', 'execute_notebook.py'), notebook, outDir, '--timeout', '900',
  ], {
    encoding: 'utf8',
    env: { ...process.env, GENLAB_FAST: '1', JUPYTER_PATH: jupyterPath, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
