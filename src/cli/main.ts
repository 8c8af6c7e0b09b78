#!/usr/bin/env node
// `genlab train <model>`: the notebooks' training, from a terminal (also `genlab evaluate`, `ship`, and the experiment
// runs `compare`, `stabilising`, `ood` and `compression` whose results files the notebooks read).
// Writes into the run folder a checkpoint and metrics.json after each epoch, and a PNG grid (a WAV file for the
// wavenet) per epoch; the run folder's lock keeps a second trainer out.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../backend';
import { fastMode } from '../config';
import { Dataset, imagesToTensor, LabelledImages, loadMnist } from '../data';
import { loadClassifier } from '../evaluator';
import { imageGrid } from '../plots';
import { loadMobyDick, readCorpusFile, sentenceData } from '../text';
import {
  checkpointFile,
  EpochRecord,
  metricsFile,
  saveSampleGrid,
  shippedRunFolder,
  shipRun,
  trainedRunFolder,
  writeAtomically,
} from '../storage';
import {
  acganTrainer,
  classifierTrainer,
  digitRowsGrid,
  firstImages,
  fit,
  FitOptions,
  fixedNoiseGrid,
  fixedPriorGrid,
  GanVariant,
  ganTrainer,
  languageModelRun,
  predictClasses,
  runTextVaeExperiment,
  terminalProgress,
  TEXT_VAE_EXPERIMENT,
  Trainer,
  TrainingInterruptedError,
  variantTrainer,
  vaeTrainer,
} from '../training';
import {
  MnistModelName,
  parseCompareArgs,
  parseCompressionArgs,
  parseEvaluateArgs,
  parseOodArgs,
  parseShipArgs,
  parseStabilisingArgs,
  parseTrainArgs,
  TrainArgs,
  USAGE,
  UsageError,
} from './args';
import { compare } from './compare';
import { compression } from './compression';
import { evaluateVae } from './evaluate';
import { ood } from './ood';
import { stabilising } from './stabilising-runs';
import { waveNetRun } from './wavenet';

/** Fast mode (GENLAB_FAST=1, for tests) trains on this many images; the GAN's steps cost the most. The VAE's epochs are
 *  the shortest, for the tests that start and kill many processes. */
const FAST_IMAGES: Record<MnistModelName, number> = {
  classifier: 1000,
  gan: 64,
  vae: 100,
  'wgan-clip': 128,
  'wgan-gp': 128,
  sngan: 128,
  acgan: 128,
};
const FAST_TEST_IMAGES = 100;

/** What the loop needs for one model: its trainer, and the grid to save after each epoch. */
export interface Run {
  trainer: Trainer;
  /** Saves the PNG grid for the end of an epoch into the run folder, when there is something to show. */
  saveGrid(record: EpochRecord): Promise<void>;
}

function classifierRun(args: TrainArgs, test: LabelledImages): Run {
  const trainer = classifierTrainer(test, args.seed);
  return {
    trainer,
    async saveGrid(record) {
      // The test digits it still gets wrong: the most telling picture of a classifier.
      const predicted = await predictClasses(trainer.model, test);
      const wrong = Array.from(predicted.keys())
        .filter((i) => predicted[i] !== test.labels[i])
        .slice(0, 64);
      if (wrong.length === 0) return;
      const images = imagesToTensor(test, wrong, 'unit');
      const png = imageGrid(images, { columns: 16, scale: 2 });
      images.dispose();
      writeAtomically(path.join(args.outDir, `misclassified-epoch-${record.epoch}.png`), [png]);
    },
  };
}

/** The evaluator of notebook 04 (the user's own run, else the shipped one), to score samples after each epoch. */
function findEvaluator() {
  const evaluatorDir = trainedRunFolder('classifier');
  const evaluator = fs.existsSync(checkpointFile(evaluatorDir)) ? loadClassifier(evaluatorDir) : undefined;
  if (!evaluator) {
    console.log(
      `no evaluator in ${evaluatorDir}: samples are not scored. Train it first with \`genlab train classifier\`.`,
    );
  }
  return evaluator;
}

/** A run whose picture after each epoch is `grid(trainer)`, saved as samples-epoch-N.png in `outDir`. */
function sampleGridRun<T extends Trainer>(trainer: T, outDir: string, grid: (trainer: T) => Uint8Array): Run {
  return {
    trainer,
    async saveGrid(record) {
      saveSampleGrid(outDir, record.epoch, grid(trainer));
    },
  };
}

function ganRun(args: TrainArgs): Run {
  const evaluator = findEvaluator();
  const trainer = ganTrainer({
    latentDim: args.latentDim!,
    seed: args.seed,
    evaluator,
    evaluationSamples: fastMode ? 100 : 1000,
  });
  return sampleGridRun(trainer, args.outDir, fixedNoiseGrid);
}

function vaeRun(args: TrainArgs, test: LabelledImages): Run {
  const trainer = vaeTrainer({
    latentDim: args.latentDim!,
    seed: args.seed,
    test,
    binarisation: args.binarised ? 'dynamic' : 'none',
  });
  return sampleGridRun(trainer, args.outDir, fixedPriorGrid);
}

/** Chapter 08's variants: the fixed-noise grid after each epoch, as for the GAN. */
function variantRun(args: TrainArgs, variant: GanVariant): Run {
  const trainer = variantTrainer({
    variant,
    latentDim: args.latentDim!,
    seed: args.seed,
    evaluator: findEvaluator(),
    evaluationSamples: fastMode ? 100 : 1000,
    penaltyWeight: args.penaltyWeight,
    clipValue: args.clipValue,
  });
  return sampleGridRun(trainer, args.outDir, fixedNoiseGrid);
}

/** The AC-GAN: after each epoch a grid whose row d is digit d, asked of the same 10 noise vectors. */
function acganRun(args: TrainArgs): Run {
  const trainer = acganTrainer({
    latentDim: args.latentDim!,
    seed: args.seed,
    evaluator: findEvaluator(),
    samplesPerDigit: fastMode ? 10 : 100,
  });
  return sampleGridRun(trainer, args.outDir, digitRowsGrid);
}

function makeRun(args: TrainArgs & { model: MnistModelName }, mnist: Dataset): Run {
  const test = fastMode ? firstImages(mnist.test, FAST_TEST_IMAGES) : mnist.test;
  switch (args.model) {
    case 'classifier':
      return classifierRun(args, test);
    case 'gan':
      return ganRun(args);
    case 'vae':
      return vaeRun(args, test);
    case 'acgan':
      return acganRun(args);
    default:
      return variantRun(args, args.model);
  }
}

async function mnistRun(args: TrainArgs): Promise<{ data: LabelledImages; run: Run; description: string }> {
  const model = args.model as MnistModelName;
  const mnist = await loadMnist();
  const data = fastMode ? firstImages(mnist.train, FAST_IMAGES[model]) : mnist.train;
  return { data, run: makeRun({ ...args, model }, mnist), description: `${data.count} images` };
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (argv[0] === 'evaluate') return evaluateVae(parseEvaluateArgs(argv));
  if (argv[0] === 'ship') return ship(argv);
  if (argv[0] === 'compare') return compare(parseCompareArgs(argv), commandWithEnvironment(argv));
  if (argv[0] === 'stabilising') return stabilising(parseStabilisingArgs(argv));
  if (argv[0] === 'ood') return ood(parseOodArgs(argv));
  if (argv[0] === 'compression') {
    parseCompressionArgs(argv);
    return compression();
  }
  const args = parseTrainArgs(argv);
  if (args.resume && !fs.existsSync(checkpointFile(args.outDir))) {
    throw new UsageError(
      `--resume: ${args.outDir} holds no checkpoint.bin to continue; drop --resume to start a run there.`,
    );
  }
  const backend = await selectBackend();
  const session = {
    command: commandLine(argv),
    commit: genlabCommit(),
    backend: `${backend.active} (${backend.detail})`,
  };
  if (args.model === 'lm') return trainLanguageModel(args, argv, session);
  if (args.model === 'text-vae') return runTextVae(args, argv, session.commit);
  const { data, run, description } = args.model === 'wavenet' ? waveNetRun(args) : await mnistRun(args);
  const fitOptions = fitOptionsOf(args);
  console.log(
    `training ${args.model}${args.latentDim ? ` (latent ${args.latentDim})` : ''} on ${description}: ` +
      `${JSON.stringify(fitOptions)}${fastMode ? ' (fast mode)' : ''}`,
  );
  const state = await fit(run.trainer, {
    ...fitOptions,
    data,
    progress: terminalProgress(),
    onEpoch: run.saveGrid,
    resumeCommand: `--resume: \`${resumeCommand(argv)}\``,
    session,
  });
  const seconds = state.history.reduce((sum, r) => sum + r.seconds, 0);
  console.log(
    `done: ${state.epoch} epochs, ${state.step} steps, ${Math.round(seconds)} s of training in all. ` +
      `Checkpoint ${checkpointFile(args.outDir)}, metrics ${metricsFile(args.outDir)}.`,
  );
}

/** The loop's options that the command line sets (also printed when training starts). */
function fitOptionsOf(args: TrainArgs) {
  return {
    numEpochs: args.numEpochs,
    batchSize: args.batchSize,
    seed: args.seed,
    runDir: args.outDir,
    resume: args.resume,
  };
}

/** `genlab train lm`: the Transformer of notebook 09 on Moby-Dick, or on the text file given by --corpus. */
async function trainLanguageModel(args: TrainArgs, argv: string[], session: FitOptions['session']): Promise<void> {
  const corpus = args.corpus ? readCorpusFile(args.corpus) : loadMobyDick();
  const run = languageModelRun(corpus, {
    numEpochs: args.numEpochs,
    batchSize: args.batchSize,
    seed: args.seed,
    fast: fastMode,
  });
  const fitOptions = fitOptionsOf(args);
  console.log(
    `training lm (${JSON.stringify(run.trainer.lm.config)}, ${run.trainer.lm.model.countParams()} parameters) on ` +
      `${run.train.count} windows of ${corpus.name}: ${JSON.stringify(fitOptions)}${fastMode ? ' (fast mode)' : ''}`,
  );
  const state = await fit(run.trainer, {
    ...fitOptions,
    data: run.train,
    progress: terminalProgress(),
    resumeCommand: `--resume: \`${resumeCommand(argv)}\``,
    session,
  });
  const seconds = state.history.reduce((sum, r) => sum + r.seconds, 0);
  const last = state.history.at(-1)?.metrics.validationBitsPerChar;
  console.log(
    `done: ${state.epoch} epochs, ${state.step} steps, ${Math.round(seconds)} s of training in all; validation ` +
      `${last?.toFixed(3)} bits per character. Checkpoint ${checkpointFile(args.outDir)}, metrics ${metricsFile(args.outDir)}.`,
  );
}

/**
 * `genlab train text-vae`: chapter 10's variants (plain ELBO, KL annealing, + word dropout, + free bits), each
 * trained from the same seed, their held-out measures written to results.json in the run folder. No checkpoints: each
 * variant takes minutes, and the results file is what chapter 10 reads.
 */
async function runTextVae(args: TrainArgs, argv: string[], commit: string): Promise<void> {
  if (args.resume)
    throw new UsageError(
      '--resume: the text VAE runs keep no checkpoints (each variant takes minutes); run again without it.',
    );
  const { data: dataOptions, full } = TEXT_VAE_EXPERIMENT;
  if (
    args.numEpochs !== full.settings.numEpochs ||
    args.batchSize !== full.settings.batchSize ||
    args.seed !== full.settings.seed
  ) {
    throw new UsageError(
      `the text VAE experiment has fixed settings (--epochs=${full.settings.numEpochs} --batch=${full.settings.batchSize} --seed=${full.settings.seed}); change TEXT_VAE_EXPERIMENT in src/training/text-vae.ts instead.`,
    );
  }
  const data = sentenceData(args.corpus ? readCorpusFile(args.corpus) : loadMobyDick(), dataOptions);
  console.log(
    `text VAE: ${data.train.length} training and ${data.validation.length} held-out sentences, vocabulary ${data.vocabulary.size}${fastMode ? ' (fast mode)' : ''}`,
  );
  const started = performance.now();
  const results = await runTextVaeExperiment(data, fastMode, (variant, r) =>
    console.log(
      `${variant}, epoch ${r.epoch}: ` +
        `−ELBO ${r.negativeElbo.toFixed(2)} = reconstruction ${r.reconstruction.toFixed(2)} + KL ${r.kl.toFixed(2)} nats, ${r.activeUnits} active units (${r.seconds.toFixed(0)} s)`,
    ),
  );
  const backend = await selectBackend({ quiet: true });
  fs.mkdirSync(args.outDir, { recursive: true });
  const file = path.join(args.outDir, 'results.json');
  const saved = {
    command: `GENLAB_FAST=${fastMode ? 1 : 0} ${resumeCommand(argv).replace(/ --resume$/, '')}`,
    commit,
    backend: backend.line.split(' — ')[0],
    seconds: (performance.now() - started) / 1000,
    sentences: { train: data.train.length, validation: data.validation.length },
    experiment: TEXT_VAE_EXPERIMENT,
    results,
  };
  writeAtomically(file, JSON.stringify(saved, null, 1));
  console.log(`done in ${Math.round(saved.seconds)} s; results in ${file}`);
}

/** `genlab ship <model>`: the finished run into trained/<model>, for the notebooks to load at full settings. */
function ship(argv: string[]): void {
  const { outDir } = parseShipArgs(argv);
  const target = shippedRunFolder(path.basename(path.resolve(outDir))); // runs/vae → trained/vae, runs/vae-2d → trained/vae-2d
  const bytes = shipRun(outDir, target);
  console.log(
    `shipped ${outDir} into ${target}: ${(bytes / 1e6).toFixed(2)} MB (weights without optimiser state, ` +
      'metrics.json, the PNG grids, provenance.json). Commit that folder.',
  );
}

/** The commit of this checkout, or 'unknown' outside a git checkout. */
function genlabCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: path.join(__dirname, '..', '..'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

/** `argv` as a command line the user can type again from the same folder. */
function commandLine(argv: string[]): string {
  const script = path.relative(process.cwd(), process.argv[1]);
  const words = ['node', ...process.execArgv, script, ...argv];
  return words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The command line with the GENLAB_ variables that change what runs, as compare records it in its results. */
function commandWithEnvironment(argv: string[]): string {
  const env = Object.entries(process.env)
    .filter(([name]) => name.startsWith('GENLAB_'))
    .map(([name, value]) => `${name}=${value}`);
  return [...env, commandLine(argv)].join(' ');
}

/** This command line with --resume. */
const resumeCommand = (argv: string[]) => commandLine(argv.includes('--resume') ? argv : [...argv, '--resume']);

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TrainingInterruptedError) {
    // Any stop signal: fit saved where it stood, between two steps. After SIGTERM or SIGHUP it then ends the process
    // by that signal; a closed terminal may refuse this line, which must not turn into a crash first.
    process.stdout.on('error', () => {});
    console.log(`\n${message}`);
    process.exitCode = 130;
    return;
  }
  console.error(`genlab: ${message}`);
  if (error instanceof UsageError) console.error(`\n${USAGE}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
