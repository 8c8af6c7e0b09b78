// The training benchmark: median ms per batch-64 step of the five models on every backend here (genlab's native
// oneDNN kernels, wasm on all cores and on one thread, cpu) and in PyTorch on the CPU, measured in one run (native
// and PyTorch in alternating rounds), with the ratios native / PyTorch and native / wasm, and GFLOP/s against the
// machine's measured peak.
//   node --import tsx bench/index.ts        (bash bench/setup-torch.sh first, for the PyTorch reference)
// Each backend runs in its own process (bench/measure.ts) because the backend and wasm's thread count are fixed at
// start-up.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NATIVE_ADDON_FILE, NATIVE_BUILD_COMMAND } from '../src/backend/native-kernels/addon';
import { median } from './timing';

interface ModelResult {
  model: string;
  flopsPerStep?: number;
  msPerStep: number;
  cpuMsPerStep?: number;
  imagesPerSecond: number;
  skipped?: string;
}
interface PrimitiveResult {
  primitive: string;
  ms: number;
  gflops: number;
}
interface Run {
  label: string;
  models: Map<string, ModelResult>;
  primitives: PrimitiveResult[];
  peakRssMb: number;
  /** PyTorch's version, also in the label. */
  version?: string;
}

const cores = os.cpus().length;
const ROUNDS = 3;
const repo = path.resolve(__dirname, '..');
/** PyTorch from PyPI (bench/setup-torch.sh), and Debian's python3-torch where installed. */
const torchPythons = [
  {
    python: path.join(repo, '.venv-torch', 'bin', 'python'),
    label: 'PyTorch (PyPI)',
    missing: 'run `bash bench/setup-torch.sh`',
  },
  { python: '/usr/bin/python3', label: 'PyTorch (Debian)', missing: "Debian's python3-torch is not installed" },
];

function collect(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  process.stderr.write(`running ${label}...\n`);
  const output = execFileSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const lines = output
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  const models = new Map<string, ModelResult>(lines.filter((l) => l.model).map((l) => [l.model, l]));
  const primitives: PrimitiveResult[] = lines.filter((l) => l.primitive);
  const last = lines.find((l) => l.peakRssMb);
  const version = last.version?.split('+')[0];
  return { label: version ? `${label} ${version}` : label, models, primitives, peakRssMb: last.peakRssMb, version };
}

function torchAvailable(python: string): boolean {
  if (!fs.existsSync(python)) return false;
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One run made of several rounds' runs of the same framework: each time the median of the rounds'. */
function medianRun(rounds: Run[], label: string): Run {
  const models = new Map<string, ModelResult>();
  for (const [name, first] of rounds[0].models) {
    const results = rounds.map((run) => run.models.get(name)!);
    const of = (key: 'msPerStep' | 'cpuMsPerStep' | 'imagesPerSecond') =>
      first[key] === undefined ? undefined : median(results.map((result) => result[key]!));
    models.set(name, {
      ...first,
      msPerStep: of('msPerStep')!,
      cpuMsPerStep: of('cpuMsPerStep'),
      imagesPerSecond: of('imagesPerSecond')!,
    });
  }
  const primitives = rounds[0].primitives.map(({ primitive, ms: firstMs, gflops: firstGflops }) => {
    const ms = median(rounds.map((run) => run.primitives.find((p) => p.primitive === primitive)!.ms));
    return { primitive, ms, gflops: (firstGflops * firstMs) / ms }; // the same FLOPs in the median time
  });
  const { version } = rounds[0];
  const peakRssMb = Math.max(...rounds.map((run) => run.peakRssMb));
  return { label: version ? `${label} ${version}` : label, models, primitives, peakRssMb, version };
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined ? '—' : value.toFixed(digits));

function main() {
  const measure = (backend: string, threads = '1') => [
    '--import',
    'tsx',
    path.join(__dirname, 'measure.ts'),
    backend,
    threads,
  ];
  // Ours and PyTorch alternate over three rounds, and each model's ratio is the median of the rounds' ratios: on a
  // shared machine the load drifts within minutes, and one ratio of two runs minutes apart carries that drift.
  const built = fs.existsSync(NATIVE_ADDON_FILE);
  if (!built) console.log(`native kernels skipped: not built (run \`${NATIVE_BUILD_COMMAND}\`).`);
  const torches = torchPythons.filter(({ python, label, missing }) => {
    if (torchAvailable(python)) return true;
    console.log(`${label} skipped: ${missing}.`);
    return false;
  });
  const nativeRounds: Run[] = [];
  const referenceRounds: Run[][] = torches.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    const of = `round ${round} of ${ROUNDS}`;
    if (built)
      nativeRounds.push(collect(`native, ${cores} threads, ${of}`, process.execPath, measure('native', String(cores))));
    torches.forEach(({ python, label }, i) =>
      referenceRounds[i].push(
        collect(`${label}, ${cores} threads, ${of}`, python, [path.join(__dirname, 'reference.py'), String(cores)], {
          OMP_WAIT_POLICY: 'PASSIVE',
        }),
      ),
    );
  }
  const native = built ? medianRun(nativeRounds, `native, ${cores} threads`) : undefined;
  const references = referenceRounds.map((rounds, i) => medianRun(rounds, `${torches[i].label}, ${cores} threads`));
  const wasmRuns = [
    collect(`wasm, ${cores} threads`, process.execPath, measure('wasm', String(cores))),
    collect('wasm, 1 thread', process.execPath, measure('wasm', '1')),
  ];
  const cpu = collect('cpu', process.execPath, measure('cpu'));
  const reference = references[0]; // the ratios are against the first found: PyPI's current release when set up
  /** Native / PyTorch in each round, by wall or CPU time; undefined without both. */
  const roundRatios = (name: string, time: 'msPerStep' | 'cpuMsPerStep') =>
    native && reference
      ? nativeRounds.map((run, i) => run.models.get(name)![time]! / referenceRounds[0][i].models.get(name)![time]!)
      : undefined;
  const runs = [...(native ? [native] : []), ...wasmRuns, cpu, ...references];

  // Ours is native when built, else the faster wasm run of each model (which thread count wins depends on the load).
  const bestWasm = (name: string) => Math.min(...wasmRuns.map((r) => r.models.get(name)!.msPerStep));
  const ours = (name: string) => native?.models.get(name)!.msPerStep ?? bestWasm(name);
  const peak = runs
    .flatMap((r) => r.primitives.filter((p) => p.primitive === 'matmul 2048³').map((p) => ({ run: r.label, ...p })))
    .sort((a, b) => b.gflops - a.gflops)[0];
  const names = [...wasmRuns[0].models.keys()];
  const oursOverReference = (name: string) =>
    native ? median(roundRatios(name, 'msPerStep')!) : ours(name) / reference.models.get(name)!.msPerStep;
  const width = Math.max(...runs.map((r) => r.label.length)) + 1;

  console.log(
    `\nms per training step at batch 64 (median; native and PyTorch: the median of ${ROUNDS} rounds' medians; ` +
      'cpu: one step after one warm-up)\n',
  );
  console.log(
    [
      'model'.padEnd(10),
      'GFLOP/step'.padStart(10),
      ...runs.map((r) => r.label.padStart(width)),
      'GFLOP/s'.padStart(8),
      '% peak'.padStart(7),
      ...(reference ? ['ours/PyTorch'.padStart(13)] : []),
      ...(native ? ['native/wasm'.padStart(12)] : []),
    ].join(' '),
  );
  for (const name of names) {
    const flops = wasmRuns[0].models.get(name)!.flopsPerStep!;
    const gflops = flops / 1e6 / ours(name);
    console.log(
      [
        name.padEnd(10),
        fixed(flops / 1e9, 2).padStart(10),
        ...runs.map((r) => fixed(r.models.get(name)?.msPerStep).padStart(width)),
        fixed(gflops).padStart(8),
        fixed(peak ? (100 * gflops) / peak.gflops : undefined, 0).padStart(7),
        ...(reference ? [fixed(oursOverReference(name), 2).padStart(13)] : []),
        ...(native ? [fixed(ours(name) / bestWasm(name), 2).padStart(12)] : []),
      ].join(' '),
    );
  }
  console.log(
    `\nours: ${native ? 'native' : 'the faster wasm run'}; native/wasm against the faster wasm run of each model.`,
  );
  if (native && reference) {
    console.log(
      `native and ${reference.label} alternated over ${ROUNDS} rounds: their columns are the medians of the rounds' ` +
        'times, ours/PyTorch the median of their ratios, in each round:',
    );
    for (const name of names) {
      const ratios = roundRatios(name, 'msPerStep')!.map((ratio) => ratio.toFixed(2));
      console.log(`  ${name.padEnd(10)} ${ratios.join(', ')}`);
    }
  }
  if (peak) {
    console.log(
      `peak: ${peak.gflops.toFixed(0)} GFLOP/s, the fastest 2048³ float32 matmul measured here (${peak.run}); ` +
        `the nominal ${cores} cores × 2 AVX-512 FMA units × 32 FLOP/cycle × clock is no better guide, since the clock ` +
        'under turbo is not known from inside a virtual machine.',
    );
  }

  console.log(
    '\nCPU ms per training step, all threads (mean): what the step costs, which other load moves less than its time\n',
  );
  const cpuMs = (run: Run | undefined, name: string) => run?.models.get(name)?.cpuMsPerStep;
  for (const name of names) {
    // By CPU time too, the ratio that other load on a shared machine moves least.
    const ratios = roundRatios(name, 'cpuMsPerStep');
    const ratio = ratios ? `; native/PyTorch ${fixed(median(ratios), 2)} (median of the rounds')` : '';
    console.log(name.padEnd(10), runs.map((r) => `${r.label}: ${fixed(cpuMs(r, name), 0)}`).join(', ') + ratio);
  }

  console.log('\nthe best case, one op forward (median ms, GFLOP/s)\n');
  for (const { primitive } of (native ?? wasmRuns[0]).primitives) {
    const cells = runs.flatMap((r) =>
      r.primitives
        .filter((p) => p.primitive === primitive)
        .map((p) => `${r.label}: ${p.ms.toFixed(1)} ms ${p.gflops.toFixed(0)}`),
    );
    console.log(`${primitive.padEnd(22)} ${cells.join(', ')}`);
  }

  console.log(
    '\nimages per second: sampling 1,000 digits from each generator or decoder; the classifier classifying 1,000\n',
  );
  for (const name of names) {
    console.log(
      name.padEnd(10),
      runs.map((r) => `${r.label}: ${fixed(r.models.get(name)?.imagesPerSecond, 0)}`).join(', '),
    );
  }
  for (const run of runs) {
    for (const result of run.models.values()) {
      if (result.skipped) console.log(`${run.label} skipped ${result.model}: ${result.skipped}`);
    }
  }
  console.log(
    `\npeak RSS of each run (all models): ${runs.map((r) => `${r.label} ${r.peakRssMb.toFixed(0)} MB`).join(', ')}`,
  );
  const stepsPerEpoch = Math.ceil(60000 / 64);
  console.log(
    `at ours' median step: a conv VAE epoch ${((ours('conv VAE') * stepsPerEpoch) / 60000).toFixed(1)} min, ` +
      `a classifier epoch ${((ours('classifier') * stepsPerEpoch) / 60000).toFixed(1)} min, ` +
      `20 DCGAN epochs ${((20 * ours('DCGAN') * stepsPerEpoch) / 3.6e6).toFixed(1)} h (training steps only)`,
  );
  console.log('Other load on the machine moves all numbers; compare ratios from one run.');
}

main();
