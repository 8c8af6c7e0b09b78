// The only place genlab patches Node's globals, all for one reason: @tensorflow/tfjs-backend-wasm (pinned at 4.22.0)
// turns threads off in Node (tfjs issue #3830) although its Emscripten build supports worker_threads. Three things
// stand in the way, each patched only while the backend initialises, then restored:
// - the multithread flag is false in Node (a public tfjs flag, set by the caller);
// - the pthread workers' script is handed over as a blob: URL made by URL.createObjectURL, which Node's Worker
//   cannot open: we write the script to a file and hand over its name instead;
// - the C++ side caps its thread pool at half of emscripten_num_logical_cores(), which the glue reads from
//   require('os').cpus().length, assuming hyper-threading: we report twice as many cores.
// test/backend-wasm-environment.test.ts fails if a new version of the package stops calling either patched function.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** How many times the backend called each patched function while it initialised. */
export interface PatchUse {
  cpus: number;
  createObjectURL: number;
}

/**
 * Writes the threaded build's pthread worker script (the package's `wasmWorkerContents`) to a file that Node's
 * Worker can open, changed to load the threaded module from its own file rather than from a blob. Returns its path.
 */
export function writeWorkerScript(packageDir: string, wasmVersion: string): string {
  const wasmOut = path.join(packageDir, 'wasm-out');
  const { wasmWorkerContents } = require(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js'));
  const mainScript = JSON.stringify(path.join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'));
  const workerFile = path.join(os.tmpdir(), `genlab-wasm-worker-${wasmVersion}.js`);
  // Written under a private name, then renamed: processes starting together never read a partial file.
  const partial = `${workerFile}.${process.pid}`;
  fs.writeFileSync(
    partial,
    (wasmWorkerContents as string).replace(/\n/g, '\\n') +
      `
const genlabOnMessage = self.onmessage;
self.onmessage = (e) => { if (e.data.cmd === 'load') e.data.urlOrBlob = ${mainScript}; genlabOnMessage(e); };
`,
  );
  fs.renameSync(partial, workerFile);
  return workerFile;
}

/**
 * Runs `initialise` (the wasm backend's start) with `os.cpus()` reporting 2 × `threads` cores and
 * `URL.createObjectURL` returning `workerFile`, and restores both afterwards, also when it throws.
 */
export async function withThreadedWasmPatches(
  threads: number,
  workerFile: string,
  initialise: () => Promise<void>,
): Promise<PatchUse> {
  const nodeOs = require('os'); // the module object itself, which Emscripten's require('os') also returns
  const { cpus } = nodeOs;
  const { createObjectURL } = URL;
  const use: PatchUse = { cpus: 0, createObjectURL: 0 };
  nodeOs.cpus = () => {
    use.cpus += 1;
    return Array.from({ length: 2 * threads }, () => cpus()[0]);
  };
  URL.createObjectURL = () => {
    use.createObjectURL += 1;
    return workerFile;
  };
  try {
    await initialise();
  } finally {
    nodeOs.cpus = cpus;
    URL.createObjectURL = createObjectURL;
  }
  return use;
}
