// Where a training step's CPU time goes, kernel by kernel, and how much of it is tfjs's own work between kernels
// (dispatch, the gradient tape, JavaScript): every kernel of the backend is wrapped to add up the process's CPU time
// (all threads, process.cpuUsage) spent inside it over a few steps after warm-up. CPU time rather than wall time,
// because on a machine shared with other work, wall time mostly measures the others.
// Runs on the wasm backend with genlab's native kernels when they are built (GENLAB_BACKEND=wasm: without them).
//   node --import tsx bench/profile.ts ["conv VAE" | DCGAN | "MLP VAE" | "MLP GAN" | classifier]
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { NATIVE_ADDON_FILE } from '../src/backend/native-kernels/addon';
import { activateWasm } from '../src/backend/wasm';
import { benchModels } from './models';
import { timeSteps, WARM_UP } from './timing';

const STEPS = 20;
const cpuMicroseconds = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * Wraps every kernel registered for `backendName` so that it adds its own CPU time and its calls to `perKernel`. A
 * kernel that runs another inside it (genlab's LeakyRelu runs Prelu) is charged only for the time outside that one.
 */
function timeKernels(backendName: string, perKernel: Map<string, { us: number; calls: number }>): void {
  let nested = 0; // CPU µs of the kernels run inside the current one
  for (const config of tf.getKernelsForBackend(backendName)) {
    const { kernelName, kernelFunc } = config;
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) => {
        const [start, nestedBefore] = [cpuMicroseconds(), nested];
        nested = 0;
        const result = kernelFunc(args);
        const total = cpuMicroseconds() - start;
        const entry = perKernel.get(kernelName) ?? { us: 0, calls: 0 };
        entry.us += total - nested;
        entry.calls += 1;
        perKernel.set(kernelName, entry);
        nested = nestedBefore + total;
        return result;
      }) as tf.KernelFunc,
    });
  }
}

async function main() {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(benchModels);
  const native = process.env.GENLAB_BACKEND !== 'wasm' && fs.existsSync(NATIVE_ADDON_FILE);
  console.log(`wasm ${JSON.stringify(await activateWasm({ native }))}; CPU ms per step, mean of ${STEPS} steps`);
  const perKernel = new Map<string, { us: number; calls: number }>();
  timeKernels(tf.getBackend(), perKernel);
  for (const name of names) {
    if (!(name in benchModels))
      throw new Error(`unknown model '${name}'; choose from ${Object.keys(benchModels).join(', ')}`);
    const model = benchModels[name]();
    await timeSteps(model, WARM_UP);
    perKernel.clear();
    const start = cpuMicroseconds();
    for (let i = 0; i < STEPS; i++) await model.step();
    const stepMs = (cpuMicroseconds() - start) / 1000 / STEPS;
    const kernels = [...perKernel].map(([kernel, { us, calls }]) => ({
      kernel,
      ms: us / 1000 / STEPS,
      calls: calls / STEPS,
    }));
    const inKernels = kernels.reduce((sum, k) => sum + k.ms, 0);
    const calls = kernels.reduce((sum, k) => sum + k.calls, 0);
    console.log(
      `\n${name}: ${stepMs.toFixed(1)} ms per step, ${inKernels.toFixed(1)} ms inside ${calls} kernel calls, ` +
        `${(stepMs - inKernels).toFixed(1)} ms (${(100 * (1 - inKernels / stepMs)).toFixed(0)}%) outside them: tfjs's ` +
        `dispatch, gradient tape and JavaScript, ${((1000 * (stepMs - inKernels)) / calls).toFixed(0)} µs per kernel call`,
    );
    for (const { kernel, ms, calls } of kernels.sort((a, b) => b.ms - a.ms).slice(0, 14)) {
      console.log(
        `  ${kernel.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / stepMs).toFixed(0).padStart(3)}%  ${calls} calls`,
      );
    }
    model.dispose();
  }
}

main();
