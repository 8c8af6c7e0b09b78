// The training benchmark: median ms per batch-64 step of the four models on every backend here
// (cpu, wasm on one thread, wasm on all cores) and in PyTorch on the CPU, with the ratio ours / PyTorch.
//   node --import tsx bench/index.ts
// Each backend runs in its own process (bench/measure.ts) because wasm's thread count is fixed at start-up.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface ModelResult { model: string; flopsPerStep?: number; msPerStep: number; imagesPerSecond: number; skipped?: string }
interface PrimitiveResult { primitive: string; ms: number; gflops: number }
interface Run { label: string; models: Map<string, ModelResult>; primitives: PrimitiveResult[]; peakRssMb: number }

const cores = os.cpus().length;
const python = '/usr/bin/python3';

function collect(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  process.stderr.write(`running ${label}...\n`);
  const output = execFileSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const lines = output.trim().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  const models = new Map<string, ModelResult>(lines.filter((l) => l.model).map((l) => [l.model, l]));
  const primitives: PrimitiveResult[] = lines.filter((l) => l.primitive);
  return { label, models, primitives, peakRssMb: lines.find((l) => l.peakRssMb).peakRssMb };
}

function torchAvailable(): boolean {
  if (!fs.existsSync(python)) return false;
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function main() {
  const measure = (backend: string, threads = '1') =>
    ['--import', 'tsx', path.join(__dirname, 'measure.ts'), backend, threads];
  const ours = [
    collect(`wasm, ${cores} threads`, process.execPath, measure('wasm', String(cores))),
    collect('wasm, 1 thread', process.execPath, measure('wasm', '1')),
    collect('cpu', process.execPath, measure('cpu')),
  ];
  const reference = torchAvailable()
    ? collect(`PyTorch ${cores} threads`, python, [path.join(__dirname, 'reference.py'), String(cores)],
      { OMP_WAIT_POLICY: 'PASSIVE' })
    : undefined;
  if (reference === undefined) console.log(`PyTorch reference skipped: ${python} with torch is not installed.`);

  const runs = reference ? [...ours, reference] : ours;
  const wasmRuns = ours.slice(0, 2);
  // Ours is the faster wasm run of each model: which thread count wins depends on the load on the machine.
  const best = (name: string) => Math.min(...wasmRuns.map((r) => r.models.get(name)!.msPerStep));
  const names = [...wasmRuns[0].models.keys()];
  console.log(`\nms per training step at batch 64 (median; cpu: one step after one warm-up)\n`);
  console.log(['model'.padEnd(10), 'GFLOP/step'.padStart(10), ...runs.map((r) => r.label.padStart(18)),
    'GFLOP/s'.padStart(8), ...(reference ? ['ours/PyTorch'.padStart(13)] : [])].join(' '));
  for (const name of names) {
    const flops = wasmRuns[0].models.get(name)!.flopsPerStep!;
    const cells = runs.map((r) => (r.models.get(name)?.msPerStep?.toFixed(1) ?? 'skipped').padStart(18));
    const ratio = reference ? [(best(name) / reference.models.get(name)!.msPerStep).toFixed(2).padStart(13)] : [];
    console.log([name.padEnd(10), (flops / 1e9).toFixed(2).padStart(10), ...cells,
      (flops / 1e6 / best(name)).toFixed(1).padStart(8), ...ratio].join(' '));
  }
  if (reference) {
    // The step ratio cannot beat the ratio of the frameworks' best single ops by much: this is that floor.
    console.log('\nthe best case, one op forward (median ms, GFLOP/s)\n');
    for (const ref of reference.primitives) {
      const cells = wasmRuns.map((r) => r.primitives.find((p) => p.primitive === ref.primitive)!);
      const fastest = Math.min(...cells.map((c) => c.ms));
      console.log([ref.primitive.padEnd(22), ...cells.map((c, i) => `${wasmRuns[i].label}: ${c.ms.toFixed(1)} ms ${c.gflops.toFixed(0)}`),
        `${reference.label}: ${ref.ms.toFixed(1)} ms ${ref.gflops.toFixed(0)}`, `ours/PyTorch ${(fastest / ref.ms).toFixed(2)}`].join(', '));
    }
  }
  console.log(`\nimages per second, sampling 1,000 digits from each generator or decoder\n`);
  for (const name of names) {
    console.log(name.padEnd(10), runs.map((r) => `${r.label}: ${r.models.get(name)?.imagesPerSecond?.toFixed(0) ?? 'skipped'}`).join(', '));
  }
  for (const run of runs) {
    for (const result of run.models.values()) {
      if (result.skipped) console.log(`${run.label} skipped ${result.model}: ${result.skipped}`);
    }
  }
  console.log(`\npeak RSS of each run (all four models): ${runs.map((r) => `${r.label} ${r.peakRssMb.toFixed(0)} MB`).join(', ')}`);
  const epochMinutes = best('conv VAE') * Math.ceil(60000 / 64) / 60000;
  console.log(`conv VAE epoch (60,000 images) at the faster wasm median step: ${epochMinutes.toFixed(1)} min`);
  console.log('GFLOP/s and ours/PyTorch use the faster wasm run per model. Other load on the machine moves all numbers.');
}

main();
