// One benchmark run on one backend, in its own process (the wasm thread count is fixed at start-up):
//   node --import tsx bench/measure.ts cpu|wasm [threads]
// Prints one JSON line per model: median step time, sampling speed; then the run's peak RSS.
import * as tf from '@tensorflow/tfjs';
import { activateWasm } from '../src/backend/wasm';
import { benchModels } from './models';

const [backend, threads] = process.argv.slice(2);
// The cpu backend is slow, so it gets one warm-up and one timed step, and skips the DCGAN: its
// filter gradients there take minutes per training step (one batch-64 layer alone takes ~4 min).
const warmUp = backend === 'cpu' ? 1 : 3;
const repeats = backend === 'cpu' ? 1 : 10;
const skipped = backend === 'cpu' ? { DCGAN: 'the cpu backend needs minutes per DCGAN step' } : {};
const samples = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  if (backend === 'wasm') {
    process.env.GENLAB_WASM_THREADS = threads;
    await activateWasm();
  } else if (!(await tf.setBackend(backend))) {
    throw new Error(`backend ${backend} is not available; use cpu or wasm`);
  }
  for (const [name, make] of Object.entries(benchModels)) {
    if (name in skipped) {
      console.log(JSON.stringify({ model: name, skipped: skipped[name as keyof typeof skipped] }));
      continue;
    }
    const model = make();
    for (let i = 0; i < warmUp; i++) model.step();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const start = performance.now();
      model.step(); // returns numbers, so the step has finished when it returns
      times.push(performance.now() - start);
    }
    model.sample(10).dispose();
    const start = performance.now();
    const images = model.sample(samples);
    images.dataSync();
    const imagesPerSecond = samples / ((performance.now() - start) / 1000);
    images.dispose();
    console.log(JSON.stringify({ model: model.name, flopsPerStep: model.flopsPerStep, msPerStep: median(times), imagesPerSecond }));
    model.dispose();
  }
  console.log(JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main();
