// One run of the chapter: train the spec's MLP GAN or VAE in the shared loop, and after each epoch score a fixed set
// of its samples (and, for a VAE, its test ELBO and active units). runPlan runs a list of them, skipping finished ones.
import * as tf from '@tensorflow/tfjs';
import { Dataset } from '../data';
import { tfSeed } from '../maths';
import { activeUnits } from '../metrics';
import { EpochRecord } from '../storage';
import {
  decodeMeans,
  encode,
  firstImages,
  fit,
  GAN_DEFAULTS,
  ganTrainer,
  generate,
  toUnitRange,
  Trainer,
  TrainingDivergedError,
  VAE_DEFAULTS,
  vaeNegativeElbo,
  vaeTrainer,
} from '../training';
import { formatNumber, imageGrid } from '../plots';
import { ComparisonResults, EpochResult, RunResult, RunSpec, SampleScores, VaeTestScores } from './results';
import { prepareScoringReference, scoreSamples, ScoringReference } from './score';

/** The models' usual latent sizes. */
const LATENT_DIM = { gan: GAN_DEFAULTS.latentDim, vae: VAE_DEFAULTS.latentDim };
const VAE_EVAL_BATCH = 500;

export interface ComparisonContext {
  mnist: Dataset;
  evaluator: tf.Sequential;
  reference: ScoringReference;
  /** The backend line recorded in the results, e.g. 'wasm (SIMD, 1 thread)'. */
  backend: string;
  /** Receives one line per epoch of each run. */
  progress?: (line: string) => void;
}

/** Everything runs need, with a reference for `samples` scored samples per epoch (dispose with disposeScoringReference). */
export function comparisonContext(
  mnist: Dataset,
  evaluator: tf.Sequential,
  backend: string,
  samples: number,
): ComparisonContext {
  return { mnist, evaluator, backend, reference: prepareScoringReference(evaluator, mnist, samples) };
}

/** What differs between a GAN run and a VAE run: the trainer, how samples are drawn, and the VAE's test scores. */
interface Contender {
  trainer: Trainer;
  latentDim: number;
  /** Images in [0, 1] for latent codes z. [n, 28, 28, 1] */
  sample(z: tf.Tensor2D): tf.Tensor4D;
  vaeScores?(testImages: tf.Tensor4D): VaeTestScores;
  dispose(): void;
}

/**
 * Trains `spec` and scores it after every epoch. A NaN or infinite loss (or sample) ends the run early with `diverged`
 * set; it does not throw. Nothing is written to disk: the run's results are what it returns.
 */
export async function runComparison(spec: RunSpec, context: ComparisonContext): Promise<RunResult> {
  const { mnist, reference } = context;
  if (spec.trainingImages > mnist.train.count) {
    throw new Error(`${spec.id} asks for ${spec.trainingImages} training images but the set has ${mnist.train.count}.`);
  }
  const sampleSeed = tfSeed(spec.seed + 2); // refused before any network is built
  const contender = makeContender(spec);
  const parameters = Object.values(contender.trainer.networks).reduce(
    (sum, model) => sum + trainableParameters(model),
    0,
  );
  const timed = timedTrainer(contender.trainer);
  const z = tf.randomNormal([reference.samples, contender.latentDim], 0, 1, 'float32', sampleSeed) as tf.Tensor2D;
  const epochs: EpochResult[] = [];
  let diverged: string | undefined;
  try {
    await fit(timed, {
      data: firstImages(mnist.train, spec.trainingImages),
      numEpochs: spec.numEpochs,
      batchSize: spec.batchSize,
      seed: spec.seed,
      onEpoch: (record) => {
        if (record.epoch % (spec.scoreEvery ?? 1) !== 0 && record.epoch !== spec.numEpochs) return;
        const epoch = scoreEpoch(spec, record, timed.seconds(), contender, z, context);
        epochs.push(epoch);
        context.progress?.(epochLine(spec, epoch));
      },
    });
  } catch (error) {
    if (!(error instanceof TrainingDivergedError)) throw error;
    diverged = error.reason;
    context.progress?.(`${spec.id} diverged: ${diverged}`);
  } finally {
    z.dispose();
    contender.dispose();
  }
  return { spec, parameters, epochs, ...(diverged === undefined ? {} : { diverged }) };
}

/** Runs every spec in order, except those already in `done` with an identical spec; `onRun` sees each new result. */
export async function runPlan(
  specs: RunSpec[],
  context: ComparisonContext,
  options: { command: string; fast: boolean; done?: RunResult[]; onRun?: (result: RunResult) => void },
): Promise<ComparisonResults> {
  const ids = specs.map((spec) => spec.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw new Error(`the plan holds run ${repeated} twice; give every run its own id.`);
  const startedAt = new Date().toISOString();
  const runs: RunResult[] = [];
  for (const spec of specs) {
    const finished = options.done?.find((run) => sameSpec(run.spec, spec));
    if (finished) {
      runs.push(finished);
      continue;
    }
    const result = await runComparison(spec, context);
    runs.push(result);
    options.onRun?.(result);
  }
  return {
    command: options.command,
    fast: options.fast,
    backend: context.backend,
    startedAt,
    finishedAt: new Date().toISOString(),
    runs,
  };
}

/** Same id and same settings, whatever the order of the keys (a spec read back from JSON keeps its file's order). */
export function sameSpec(a: RunSpec, b: RunSpec): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof RunSpec>;
  return [...keys].every((key) => a[key] === b[key]);
}

function makeContender(spec: RunSpec): Contender {
  if (spec.architecture !== 'mlp')
    throw new Error(`${spec.id}: the comparison trains MLP models only, not '${spec.architecture}'.`);
  const common = {
    seed: spec.seed,
    architecture: spec.architecture,
    learningRate: spec.learningRate,
    adamBeta1: spec.adamBeta1,
  };
  if (spec.model === 'gan') {
    const trainer = ganTrainer({ ...common, latentDim: LATENT_DIM.gan, generatorSteps: spec.generatorSteps });
    return {
      trainer,
      latentDim: LATENT_DIM.gan,
      sample: (z) => tf.tidy(() => toUnitRange(generate(trainer.gan, z))),
      dispose: () => disposeTrainer(trainer, [trainer.fixedNoise]),
    };
  }
  const loss = { klWeight: spec.klWeight, reconstruction: spec.reconstruction, likelihood: spec.likelihood };
  const trainer = vaeTrainer({ ...common, latentDim: LATENT_DIM.vae, loss });
  const encodeImages = (x: tf.Tensor) => encode(trainer.vae, x);
  return {
    trainer,
    latentDim: LATENT_DIM.vae,
    sample: (z) => decodeMeans(trainer.vae, z),
    vaeScores(testImages) {
      // The test ELBO under the run's own likelihood with KL weight 1, whatever the training loss weighted.
      const elbo = vaeNegativeElbo(trainer.vae, testImages, { seed: spec.seed + 1, likelihood: spec.likelihood });
      const units = activeUnits(encodeImages, testImages, VAE_EVAL_BATCH);
      return {
        negativeElbo: elbo.negativeElbo,
        reconstruction: elbo.reconstruction,
        kl: elbo.kl,
        activeUnits: units.count,
      };
    },
    dispose: () => disposeTrainer(trainer, [trainer.fixedPrior]),
  };
}

/** The trainer with its step timed: `seconds()` is the time spent in steps so far, evaluation excluded. Its own
 *  per-epoch evaluation is dropped, since the comparison scores every run the same way in scoreEpoch. */
function timedTrainer(trainer: Trainer): Trainer & { seconds(): number } {
  let milliseconds = 0;
  return {
    ...trainer,
    async step(batch, seed) {
      const start = performance.now();
      try {
        return await trainer.step(batch, seed);
      } finally {
        milliseconds += performance.now() - start;
      }
    },
    evaluate: async () => ({}),
    seconds: () => milliseconds / 1000,
  };
}

function scoreEpoch(
  spec: RunSpec,
  record: EpochRecord,
  trainSeconds: number,
  contender: Contender,
  z: tf.Tensor2D,
  context: ComparisonContext,
): EpochResult {
  const images = contender.sample(z);
  try {
    if (!tf.tidy(() => tf.all(tf.isFinite(images)).dataSync()[0])) {
      const reason = `the samples after epoch ${record.epoch} hold NaN or ±Infinity`;
      throw new TrainingDivergedError(`${spec.id}: ${reason}.`, reason);
    }
    const scores: SampleScores = scoreSamples(images, context.evaluator, context.reference);
    const vae = contender.vaeScores?.(context.reference.testImages);
    const grid = record.epoch === spec.numEpochs ? { sampleGrid: sampleGridPng(images) } : {};
    return {
      epoch: record.epoch,
      steps: record.steps,
      trainSeconds,
      losses: record.metrics,
      scores,
      ...(vae ? { vae } : {}),
      ...grid,
    };
  } finally {
    images.dispose();
  }
}

const GRID_SAMPLES = 32;

/** The first GRID_SAMPLES images as a PNG grid, base64. */
function sampleGridPng(images: tf.Tensor4D): string {
  const first = images.slice(0, Math.min(GRID_SAMPLES, images.shape[0]));
  try {
    return Buffer.from(imageGrid(first, { columns: 16, scale: 2 })).toString('base64');
  } finally {
    first.dispose();
  }
}

/** "passes/gan/seed-1 · epoch 3/8 · 2814 steps · 98 s training · L_D 1.21 · … · precision 0.61 · recall 0.42 · …" */
function epochLine(spec: RunSpec, epoch: EpochResult): string {
  const format = (values: Record<string, number>) =>
    Object.entries(values).map(([name, value]) => `${name} ${formatNumber(value)}`);
  const { scores, vae } = epoch;
  return [
    spec.id,
    `epoch ${epoch.epoch}/${spec.numEpochs}`,
    `${epoch.steps} steps`,
    `${epoch.trainSeconds.toFixed(1)} s training`,
    ...format(epoch.losses),
    ...format({
      precision: scores.precision,
      recall: scores.recall,
      density: scores.density,
      coverage: scores.coverage,
      frechet: scores.frechet,
      classes: scores.classesCovered,
      sharpness: scores.relativeSharpness,
      memorisation: scores.memorisationRatio,
    }),
    ...(vae ? format({ testNegElbo: vae.negativeElbo, activeUnits: vae.activeUnits }) : []),
  ].join(' · ');
}

function trainableParameters(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + tf.util.sizeFromShape(weight.shape as number[]), 0);
}

function disposeTrainer(trainer: Trainer, extra: tf.Tensor[]): void {
  for (const model of Object.values(trainer.networks)) model.dispose();
  for (const optimizer of Object.values(trainer.optimizers)) optimizer.dispose();
  tf.dispose(extra);
}
