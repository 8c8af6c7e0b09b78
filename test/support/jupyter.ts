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
  const found = [venvPython, '/usr/bin/python3'].find(
    (candidate) => spawnSync(candidate, ['-c', 'import jupyter_client, nbclient, nbconvert']).status === 0,
  );
  if (!found || !fs.existsSync(path.join(jupyterPath, 'kernels', 'tslab', 'kernel.json'))) {
    throw new Error(
      'Jupyter or the local tslab kernel is missing: run `bash kernel-setup/start.sh --setup-only` first.',
    );
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
  const result = spawnSync(
    jupyterPython(),
    [
      '-Xfrozen_modules=off',
      path.join(repo, 'kernel-setup', 'execute_notebook.py'),
      notebook,
      outDir,
      '--timeout',
      '900',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, GENLAB_FAST: '1', JUPYTER_PATH: jupyterPath, ...env },
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Where test/notebooks.test.ts writes the executed notebooks. */
export const executedNotebooksDir = path.join(repo, 'out', 'test-notebooks');

/** One output of an executed notebook, as a MIME bundle (a stream becomes Jupyter's stdout or stderr type). */
export interface ExecutedOutput {
  notebook: string;
  data: Record<string, string>;
}

/**
 * Every output of every notebook as test/notebooks.test.ts executed them (npm test runs that file first), or an
 * error saying to run it when a notebook has not been executed since src/ was last built.
 */
export function executedOutputs(): ExecutedOutput[] {
  const built = fs.statSync(path.join(repo, 'dist', 'index.js')).mtimeMs;
  const names = fs
    .readdirSync(path.join(repo, 'notebooks'))
    .filter((f) => f.endsWith('.ipynb'))
    .sort();
  return names.flatMap((name) => {
    const executed = path.join(executedNotebooksDir, name);
    if (!fs.existsSync(executed) || fs.statSync(executed).mtimeMs < built) {
      throw new Error(
        `${executed} is missing or older than dist/: run test/notebooks.test.ts first (npm test runs it before this file).`,
      );
    }
    const cells = JSON.parse(fs.readFileSync(executed, 'utf8')).cells as { outputs?: NotebookOutput[] }[];
    return cells.flatMap((cell) => cell.outputs ?? []).map((output) => ({ notebook: name, data: mimeBundle(output) }));
  });
}

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}

function mimeBundle(output: NotebookOutput): Record<string, string> {
  const join = (value: string | string[] | undefined) => [value ?? ''].flat().join('');
  if (output.output_type === 'stream') return { [`application/vnd.jupyter.${output.name}`]: join(output.text) };
  return Object.fromEntries(Object.entries(output.data ?? {}).map(([type, value]) => [type, join(value)]));
}
