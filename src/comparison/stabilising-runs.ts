// Hypothesis H12 of chapter 08 ("Wasserstein losses and spectral normalisation stabilise GAN training"), measured: the
// plain MLP GAN of chapter 07, WGAN-GP and SN-GAN, several seeds each, trained for the same compute budget and scored
// at the same marks with chapter 07's scores. The budget is CPU time of the training steps (process.cpuUsage, one
// wasm thread), not wall-clock time: on a machine shared with other work the wall-clock time of a step varies with the
// load several-fold, while its CPU time is what an idle machine's wall-clock time would be.
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';
import { tfSeed } from '../maths';
import { writeAtomically } from '../storage';
import {
  firstImages,
  fit,
  ganTrainer,
  generate,
  toUnitRange,
  TrainingDivergedError,
  variantTrainer,
} from '../training';
import type { Gan } from '../models';
import type { Trainer } from '../training';
import { imageGrid } from '../plots';
import { ComparisonContext } from './run';
import { SampleScores } from './results';
import { scoreSamples } from './score';

export const STABILITY_VARIANTS = ['gan', 'wgan-gp', 'sngan'] as const;
export type StabilityVariant = (typeof STABILITY_VARIANTS)[number];

export interface StabilitySpec {
  /** e.g. 'wgan-gp/seed-2'. */
  id: string;
  variant: StabilityVariant;
  seed: number;
  /** CPU seconds of training steps per run; scored after each of `marks` equal shares of it. */
  cpuSeconds: number;
  marks: number;
  trainingImages: number;
  batchSize: number;
}

export interface StabilityMark {
  mark: number;
  steps: number;
  /** CPU and wall-clock seconds of training steps so far (scoring excluded). */
  cpuSeconds: number;
  wallSeconds: number;
  /** Mean training losses since the previous mark. */
  losses: Record<string, number>;
  scores: SampleScores;
  /** Last mark only: the first 32 scored samples as a PNG grid, base64. */
  sampleGrid?: string;
}

export interface StabilityRun {
  spec: StabilitySpec;
  parameters: number;
  marks: StabilityMark[];
  /** Set when a loss or a sample went NaN or infinite: the reason, and `marks` holds what came before. */
  diverged?: string;
}

export interface StabilityResults {
  command: string;
  fast: boolean;
  backend: string;
  startedAt: string;
  finishedAt: string;
  runs: StabilityRun[];
}

/** The plan: every variant with every seed, the same budget and marks. */
export function stabilityPlan(
  seeds: number[],
  budget: Omit<StabilitySpec, 'id' | 'variant' | 'seed'>,
): StabilitySpec[] {
  return STABILITY_VARIANTS.flatMap((variant) =>
    seeds.map((seed) => ({ id: `${variant}/seed-${seed}`, variant, seed, ...budget })),
  );
}

/**
 * The experiment's sizes. Full: 3 seeds per variant, 30 CPU seconds of training each (about 850 steps of the plain
 * MLP GAN, nearly an epoch), scored at 3 marks on 1,000 samples: 9 runs, 4.5 CPU minutes of training and about 1.5 of
 * scoring, which took 40 minutes on the development machine shared with other jobs. Fast (CI): 2 seeds, 1 CPU second,
 * 1 mark, 300 samples (the Fréchet distance of 256 features needs more than 256).
 */
export const STABILITY_SETTINGS = {
  full: { seeds: [1, 2, 3], samples: 1000, budget: { cpuSeconds: 30, marks: 3, trainingImages: 60000, batchSize: 64 } },
  fast: { seeds: [1, 2], samples: 300, budget: { cpuSeconds: 1, marks: 1, trainingImages: 640, batchSize: 64 } },
};

/** Same id and settings, whatever the order of the keys. */
export function sameStabilitySpec(a: StabilitySpec, b: StabilitySpec): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof StabilitySpec>;
  return [...keys].every((key) => a[key] === b[key]);
}

/** Ends a run's training: once its budget is spent (no message), or when its samples are no longer finite (why). */
class RunEnded extends Error {}

const LATENT_DIM = 100;
const GRID_SAMPLES = 32;

/** Trains one spec until its CPU budget is spent, scoring its samples of fixed noise at each mark. Writes nothing. */
export async function runStability(spec: StabilitySpec, context: ComparisonContext): Promise<StabilityRun> {
  const { mnist, reference } = context;
  const sampleSeed = tfSeed(spec.seed + 2); // refused before any network is built
  const trainer: Trainer & { gan: Gan; fixedNoise: tf.Tensor2D } =
    spec.variant === 'gan'
      ? ganTrainer({ latentDim: LATENT_DIM, seed: spec.seed, architecture: 'mlp' })
      : variantTrainer({ variant: spec.variant, latentDim: LATENT_DIM, seed: spec.seed });
  const parameters = Object.values(trainer.networks).reduce(
    (sum, model) => sum + model.trainableWeights.reduce((n, w) => n + tf.util.sizeFromShape(w.shape as number[]), 0),
    0,
  );
  const z = tf.randomNormal([reference.samples, LATENT_DIM], 0, 1, 'float32', sampleSeed) as tf.Tensor2D;
  const marks: StabilityMark[] = [];
  let [cpu, wall, steps] = [0, 0, 0];
  let sums: Record<string, number> = {};
  let stepsSinceMark = 0;
  let diverged: string | undefined;
  const score = () => {
    const images = tf.tidy(() => toUnitRange(generate(trainer.gan, z)));
    try {
      if (!tf.tidy(() => tf.all(tf.isFinite(images)).dataSync()[0]))
        throw new RunEnded(`the samples at mark ${marks.length + 1} hold NaN or ±Infinity`);
      const last = marks.length + 1 === spec.marks;
      const grid = last
        ? {
            sampleGrid: Buffer.from(
              tf.tidy(() => imageGrid(images.slice(0, GRID_SAMPLES), { columns: 16, scale: 2 })),
            ).toString('base64'),
          }
        : {};
      const losses = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / stepsSinceMark]));
      marks.push({
        mark: marks.length + 1,
        steps,
        cpuSeconds: cpu,
        wallSeconds: wall,
        losses,
        scores: scoreSamples(images, context.evaluator, reference),
        ...grid,
      });
      context.progress?.(
        `${spec.id} · mark ${marks.length}/${spec.marks} · ${steps} steps · ${cpu.toFixed(1)} CPU s (${wall.toFixed(1)} s wall) · ` +
          `entropy ${marks[marks.length - 1].scores.classEntropy.toFixed(3)} · confidence ${marks[marks.length - 1].scores.meanConfidence.toFixed(3)} · ` +
          `Fréchet ${marks[marks.length - 1].scores.frechet.toFixed(1)}`,
      );
    } finally {
      images.dispose();
    }
    [sums, stepsSinceMark] = [{}, 0];
  };
  const budgeted: Trainer = {
    ...trainer,
    evaluate: async () => ({}),
    async step(batch, seed) {
      const [cpuStart, wallStart] = [process.cpuUsage(), performance.now()];
      const losses = await trainer.step(batch, seed);
      const used = process.cpuUsage(cpuStart);
      cpu += (used.user + used.system) / 1e6;
      wall += (performance.now() - wallStart) / 1000;
      steps++;
      stepsSinceMark++;
      for (const [name, value] of Object.entries(losses)) sums[name] = (sums[name] ?? 0) + value;
      if (Object.values(losses).every(Number.isFinite) && cpu >= (spec.cpuSeconds * (marks.length + 1)) / spec.marks)
        score();
      if (marks.length === spec.marks) throw new RunEnded();
      return losses;
    },
  };
  try {
    // As many epochs as the budget could take; the budget ends the run first.
    await fit(budgeted, {
      data: firstImages(mnist.train, spec.trainingImages),
      numEpochs: 1_000_000,
      batchSize: spec.batchSize,
      seed: spec.seed,
    });
  } catch (error) {
    if (error instanceof RunEnded) diverged = error.message || undefined;
    else if (error instanceof TrainingDivergedError) diverged = error.reason;
    else throw error;
  } finally {
    z.dispose();
    for (const model of Object.values(trainer.networks)) model.dispose();
    for (const optimizer of Object.values(trainer.optimizers)) optimizer.dispose();
    trainer.fixedNoise.dispose();
  }
  if (diverged) context.progress?.(`${spec.id} diverged: ${diverged}`);
  return { spec, parameters, marks, ...(diverged ? { diverged } : {}) };
}

/** <repo>/notebooks/results/stabilising-gans, from src/ and from dist/ alike. */
export const STABILITY_RESULTS_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  'notebooks',
  'results',
  'stabilising-gans',
  'h12.json',
);

export function readStabilityResults(file = STABILITY_RESULTS_FILE): StabilityResults | undefined {
  if (!fs.existsSync(file)) return undefined;
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as StabilityResults;
  if (!Array.isArray(results?.runs))
    throw new Error(
      `${file} is not an H12 results file (it has no "runs" list); move it away and run the experiment again.`,
    );
  return results;
}

export function writeStabilityResults(file: string, results: StabilityResults): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, JSON.stringify(results, null, 2) + '\n');
}
