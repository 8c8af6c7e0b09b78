// Where a training step's time goes: tf.profile of one step (after warm-up), summed per kernel, on the wasm backend
// with genlab's native kernels when they are built (GENLAB_BACKEND=wasm: without them).
//   node --import tsx bench/profile.ts ["conv VAE" | DCGAN | "MLP VAE" | "MLP GAN" | classifier]
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { NATIVE_ADDON_FILE } from '../src/backend/native-kernels/addon';
import { activateWasm } from '../src/backend/wasm';
import { benchModels } from './models';

async function main() {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(benchModels);
  const native = process.env.GENLAB_BACKEND !== 'wasm' && fs.existsSync(NATIVE_ADDON_FILE);
  console.log(`wasm ${JSON.stringify(await activateWasm({ native }))}`);
  for (const name of names) {
    if (!(name in benchModels)) throw new Error(`unknown model '${name}'; choose from ${Object.keys(benchModels).join(', ')}`);
    const model = benchModels[name]();
    for (let i = 0; i < 3; i++) model.step();
    const start = performance.now();
    const profile = await tf.profile(() => model.step());
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
    console.log(`\n${name}: ${wall.toFixed(0)} ms for the profiled step, ${total.toFixed(0)} ms inside kernels`);
    for (const [kernel, { ms, calls }] of [...perKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
      console.log(`  ${kernel.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms ${(100 * ms / total).toFixed(0).padStart(3)}%  ${calls} calls`);
    }
    model.dispose();
  }
}

main();
