// Where a training step's time goes: tf.profile of one step (after warm-up), summed per kernel, on the wasm backend
// with genlab's native kernels when they are built (GENLAB_BACKEND=wasm: without them); then how much of a step is
// tfjs's fixed cost per kernel call. CPU times (process.cpuUsage) are printed beside wall times: on a busy machine
// they move much less.
//   node --import tsx bench/profile.ts ["conv VAE" | DCGAN | "MLP VAE" | "MLP GAN" | classifier]
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { NATIVE_ADDON_FILE } from '../src/backend/native-kernels/addon';
import { activateWasm } from '../src/backend/wasm';
import { benchModels } from './models';

/** CPU milliseconds (all threads) and wall milliseconds of `run`. */
async function timed(run: () => unknown): Promise<{ cpu: number; wall: number }> {
  const [cpu, wall] = [process.cpuUsage(), performance.now()];
  await run();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

/** tfjs's fixed cost of one kernel call, in CPU µs: 2,000 Adds of one element each. */
async function perCallMicroseconds(): Promise<number> {
  const [a, b] = [tf.scalar(1), tf.scalar(2)];
  const { cpu } = await timed(() => { for (let i = 0; i < 2000; i++) tf.add(a, b).dispose(); });
  tf.dispose([a, b]);
  return cpu / 2;
}

async function main() {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(benchModels);
  const native = process.env.GENLAB_BACKEND !== 'wasm' && fs.existsSync(NATIVE_ADDON_FILE);
  console.log(`wasm ${JSON.stringify(await activateWasm({ native }))}`);
  for (const name of names) {
    if (!(name in benchModels)) throw new Error(`unknown model '${name}'; choose from ${Object.keys(benchModels).join(', ')}`);
    const model = benchModels[name]();
    for (let i = 0; i < 3; i++) await model.step();
    const start = performance.now();
    const profile = await tf.profile(async () => { await model.step(); });
    const wall = performance.now() - start;
    const perKernel = new Map<string, { ms: number; calls: number }>();
    for (const kernel of profile.kernels) {
      if (kernel.name.endsWith('__op')) continue; // an op's scope, whose kernels are listed on their own
      const entry = perKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
      entry.ms += kernel.kernelTimeMs as number;
      entry.calls += 1;
      perKernel.set(kernel.name, entry);
    }
    const total = [...perKernel.values()].reduce((sum, e) => sum + e.ms, 0);
    const calls = [...perKernel.values()].reduce((sum, e) => sum + e.calls, 0);
    const step = await timed(() => model.step());
    const perCall = await perCallMicroseconds();
    console.log(`\n${name}: ${wall.toFixed(0)} ms for the profiled step, ${total.toFixed(0)} ms inside kernels; ` +
      `an unprofiled step ${step.wall.toFixed(0)} ms wall, ${step.cpu.toFixed(0)} ms CPU`);
    console.log(`  ${calls} kernel calls × ${perCall.toFixed(0)} µs of tfjs's own CPU time per call (a one-element Add) ` +
      `= ${(calls * perCall / 1000).toFixed(1)} ms per step that is dispatch, not arithmetic`);
    for (const [kernel, { ms, calls }] of [...perKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
      console.log(`  ${kernel.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms ${(100 * ms / total).toFixed(0).padStart(3)}%  ${calls} calls`);
    }
    model.dispose();
  }
}

main();
