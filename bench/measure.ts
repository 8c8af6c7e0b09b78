// One benchmark run on one backend, in its own process (the wasm thread count is fixed at start-up):
//   node --import tsx bench/measure.ts cpu|wasm|native [threads]
// 'native' is wasm with genlab's native oneDNN kernels. Prints one JSON line per model: median step time, sampling
// speed; then the best-case ops; then the run's peak RSS.
import * as tf from '@tensorflow/tfjs';
import { activateWasm } from '../src/backend/wasm';
import { benchModels } from './models';
import { median, timeSteps, WARM_UP } from './timing';

const [backend, threads] = process.argv.slice(2);
// Steps are timed in the steady state a learner's thousands of steps run in, and for long enough that a burst of
// other load is one sample among many: at least 2 s of steps after 1 s of untimed ones (ten 5 ms MLP steps would be
// 50 ms, which one burst fills). bench/reference.py times PyTorch the same way. The cpu backend is slow, so it gets
// one warm-up and one timed step, and skips the DCGAN: its filter gradients there take minutes per training step
// (one batch-64 layer alone takes ~4 min).
const warmUp = backend === 'cpu' ? { steps: 1, ms: 0 } : WARM_UP;
const timed = backend === 'cpu' ? { steps: 1, ms: 0 } : { steps: 10, ms: 2000 };
const skipped = backend === 'cpu' ? { DCGAN: 'the cpu backend needs minutes per DCGAN step' } : {};
const samples = 1000;

/** The best case for each framework: one big matmul and the DCGAN's largest convolution, forward only, at batch 64.
 *  The same ops in bench/reference.py; their ratio bounds what any training step built from them can reach. */
const primitives: { name: string; flops: number; make(): () => tf.Tensor }[] = [
  // The machine's practical peak: as large a matmul as is quick, on whichever backend runs it fastest.
  {
    name: 'matmul 2048³',
    flops: 2 * 2048 ** 3,
    make() {
      const [a, b] = [tf.randomNormal([2048, 2048]), tf.randomNormal([2048, 2048])];
      return () => tf.matMul(a, b);
    },
  },
  {
    name: 'matmul 1024³',
    flops: 2 * 1024 ** 3,
    make() {
      const [a, b] = [tf.randomNormal([1024, 1024]), tf.randomNormal([1024, 1024])];
      return () => tf.matMul(a, b);
    },
  },
  {
    name: 'conv 7×7×256→128, 5×5',
    flops: 2 * 64 * 49 * 256 * 128 * 25,
    make() {
      const [x, w] = [
        tf.randomNormal([64, 7, 7, 256]) as tf.Tensor4D,
        tf.randomNormal([5, 5, 256, 128]) as tf.Tensor4D,
      ];
      return () => tf.conv2d(x, w, 1, 'same');
    },
  },
];

/** Median milliseconds of `run`, reading the result back each time so the work is done when the clock stops. */
function timeMs(run: () => tf.Tensor, times: number): number {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    const result = run();
    result.dataSync();
    ms.push(performance.now() - start);
    result.dispose();
  }
  return median(ms);
}

async function main() {
  const onWasm = backend === 'wasm' || backend === 'native';
  if (onWasm) {
    process.env.GENLAB_WASM_THREADS = threads;
    await activateWasm({ native: backend === 'native' });
  } else if (!(await tf.setBackend(backend))) {
    throw new Error(`backend ${backend} is not available; use cpu, wasm or native`);
  }
  for (const [name, make] of Object.entries(benchModels)) {
    if (name in skipped) {
      console.log(JSON.stringify({ model: name, skipped: skipped[name as keyof typeof skipped] }));
      continue;
    }
    const model = make();
    await timeSteps(model, warmUp);
    const cpuStart = process.cpuUsage();
    const times = await timeSteps(model, timed);
    const cpu = process.cpuUsage(cpuStart);
    const cpuMsPerStep = (cpu.user + cpu.system) / 1000 / times.length; // all threads: moves less than wall time under load
    model.sample(10).dispose();
    const start = performance.now();
    const images = model.sample(samples);
    images.dataSync();
    const imagesPerSecond = samples / ((performance.now() - start) / 1000);
    images.dispose();
    console.log(
      JSON.stringify({
        model: model.name,
        flopsPerStep: model.flopsPerStep,
        msPerStep: median(times),
        cpuMsPerStep,
        imagesPerSecond,
      }),
    );
    model.dispose();
  }
  if (onWasm) {
    for (const primitive of primitives) {
      const run = primitive.make();
      timeMs(run, warmUp.steps);
      const ms = timeMs(run, 15);
      console.log(JSON.stringify({ primitive: primitive.name, ms, gflops: primitive.flops / 1e6 / ms }));
    }
  }
  console.log(JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main();
