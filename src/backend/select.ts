// Picks the fastest TensorFlow.js backend that works on this machine, and says why the faster ones don't.
import * as tf from '@tensorflow/tfjs';
import { explainMissingKernels } from './missing-kernels';

export type BackendName = 'node-gpu' | 'node' | 'native' | 'wasm' | 'cpu';

/** Fastest first. The two TensorFlow bindings are optional dependencies: their install downloads libtensorflow.
 *  'native' is the wasm backend with genlab's oneDNN kernels (native/, built by kernel-setup/build-native.sh). */
const PREFERENCE: BackendName[] = ['node-gpu', 'node', 'native', 'wasm', 'cpu'];

const NATIVE_PACKAGE = { 'node-gpu': '@tensorflow/tfjs-node-gpu', node: '@tensorflow/tfjs-node' } as const;

export interface BackendReport {
  active: BackendName;
  /** What the active backend runs with, e.g. "SIMD, 2 threads". */
  detail: string;
  /** For each faster backend, why it is not active. */
  skipped: { name: BackendName; reason: string }[];
  /** The one line printed at start-up. */
  line: string;
}

export const BACKEND_ENV = 'GENLAB_BACKEND';

let selection: Promise<BackendReport> | undefined;

/**
 * Activates the fastest available backend (or the one named in GENLAB_BACKEND) once per process,
 * prints one line saying which and why, and returns that report. Later calls return the same report.
 */
export function selectBackend(options: { quiet?: boolean } = {}): Promise<BackendReport> {
  selection ??= choose().then((report) => {
    if (!options.quiet) console.log(report.line);
    return report;
  });
  return selection;
}

async function choose(): Promise<BackendReport> {
  const forced = readForcedBackend();
  const candidates = forced ? [forced] : PREFERENCE;
  const skipped: BackendReport['skipped'] = [];
  for (const name of candidates) {
    try {
      const detail = await activate(name);
      return { active: name, detail, skipped, line: formatLine(name, detail, skipped, forced) };
    } catch (error) {
      if (forced) {
        throw new Error(
          `${BACKEND_ENV}=${forced}, but that backend failed: ${whyFailed(name, error)}. ` +
            `Unset ${BACKEND_ENV} to fall back to the fastest available backend.`,
        );
      }
      skipped.push({ name, reason: whyFailed(name, error) });
    }
  }
  throw new Error('no TensorFlow.js backend could start, not even cpu: ' + skipped.map((s) => s.reason).join('; '));
}

function readForcedBackend(): BackendName | undefined {
  const value = process.env[BACKEND_ENV];
  if (!value) return undefined;
  if (!(PREFERENCE as string[]).includes(value)) {
    throw new Error(`${BACKEND_ENV}=${value} is not a backend; use one of ${PREFERENCE.join(', ')} or unset it.`);
  }
  return value as BackendName;
}

async function activate(name: BackendName): Promise<string> {
  switch (name) {
    case 'node-gpu':
    case 'node': {
      // Loading the binding registers the 'tensorflow' backend with the same tfjs engine we import.
      require(NATIVE_PACKAGE[name]);
      if (!(await tf.setBackend('tensorflow'))) throw new Error('the tensorflow backend failed to initialise');
      return name === 'node-gpu' ? 'native TensorFlow with CUDA' : 'native TensorFlow';
    }
    case 'native':
    case 'wasm': {
      // Loaded only when chosen: importing the wasm package registers it as the preferred backend.
      const { activateWasm } = await import('./wasm');
      const { simd, threads, native } = await activateWasm({ native: name === 'native' });
      explainMissingKernels('wasm');
      const wasm = `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`;
      return native
        ? `${native}, ${threads} thread${threads === 1 ? '' : 's'}, on the wasm backend's memory; wasm ${wasm}`
        : wasm;
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
      return 'plain JavaScript';
  }
}

function whyFailed(name: BackendName, error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (name === 'node' || name === 'node-gpu') {
    const pkg = NATIVE_PACKAGE[name];
    const needs = name === 'node-gpu' ? 'an NVIDIA GPU with CUDA and internet access' : 'internet access';
    const notInstalled = (error as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' && message.includes(pkg);
    const what = notInstalled ? 'not installed' : `failed to load (${message})`;
    return `${pkg} ${what}; to get it run \`npm install ${pkg}\` (its install downloads libtensorflow, so it needs ${needs})`;
  }
  if (name === 'native') return message; // says what is missing and the command that builds it
  return `${name} failed: ${message}`;
}

function formatLine(
  active: BackendName,
  detail: string,
  skipped: BackendReport['skipped'],
  forced: BackendName | undefined,
): string {
  const why = forced ? `forced by ${BACKEND_ENV}=${forced}` : skipped.map((s) => s.reason).join('; ');
  return `TensorFlow.js backend: ${active} (${detail})` + (why ? ` — ${why}` : '');
}
