// Checkpoints: every network's weights, every optimiser's state and the run's position and history, in one file
// that is written beside its destination and renamed into place, so a crash or Ctrl-C leaves the previous one whole.
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';

/** One epoch's numbers: the mean training losses, the evaluation metrics, and the time it took. */
export interface EpochRecord {
  epoch: number; // 1-based
  steps: number; // steps completed by the end of this epoch, counted from the start of the run
  seconds: number; // wall-clock time of this epoch
  metrics: Record<string, number>;
}

/** Where a run stands: what was trained, with which settings, how far, and how it went. */
export interface RunState {
  kind: string; // 'classifier' | 'gan' | 'vae'
  settings: Record<string, number>; // the settings that fix the run (seed, batch size, latent size...)
  epoch: number; // epochs completed
  step: number; // steps completed
  history: EpochRecord[];
  /** Present when the checkpoint was written inside epoch `epoch + 1`: its steps so far, their seconds, loss sums. */
  epochInProgress?: EpochInProgress;
}

/** How far an unfinished epoch got: enough to continue it with the same batches and the same mean losses. */
export interface EpochInProgress {
  steps: number;
  seconds: number;
  lossSums: Record<string, number>;
}

/** A tensor with its name, as optimisers list their state. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export interface Checkpoint extends RunState {
  networks: Record<string, tf.Tensor[]>;
  optimizers: Record<string, NamedTensor[]>;
}

const MAGIC = 'GENLABCK';

interface TensorEntry {
  group: string; // 'network:generator', 'optimizer:generator'
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

/** Writes a checkpoint to `file` atomically: a partly written file never replaces a whole one. */
export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  const entries: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  const add = (group: string, name: string, tensor: tf.Tensor) => {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new Error(`cannot save ${name}: dtype ${tensor.dtype}`);
    entries.push({ group, name, shape: tensor.shape, dtype: tensor.dtype });
    const values = tensor.dataSync() as Float32Array | Int32Array;
    chunks.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  };
  for (const [net, weights] of Object.entries(checkpoint.networks)) weights.forEach((w, i) => add(`network:${net}`, String(i), w));
  for (const [opt, weights] of Object.entries(checkpoint.optimizers)) weights.forEach((w) => add(`optimizer:${opt}`, w.name, w.tensor));
  const { networks: _n, optimizers: _o, ...state } = checkpoint;
  const header = Buffer.from(JSON.stringify({ ...state, tensors: entries }), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  // Tensor data starts at a multiple of 4 bytes so it can be read back as typed arrays in place.
  const padding = Buffer.alloc((4 - ((MAGIC.length + 4 + header.length) % 4)) % 4, 0x20);
  writeAtomically(file, [Buffer.from(MAGIC), length, header, padding, ...chunks]);
}

/** Reads a checkpoint written by writeCheckpoint; the caller owns (and disposes) its tensors. */
export function readCheckpoint(file: string): Checkpoint {
  const bytes = fs.readFileSync(file);
  const fail = (why: string): never => {
    throw new Error(`${file} is not a readable genlab checkpoint (${why}). Delete it to start that run again, ` +
      'or pass another run folder.');
  };
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) fail('wrong first bytes');
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.length) fail('truncated header');
  const { tensors: entries, ...state } = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, headerEnd)) as
    RunState & { tensors: TensorEntry[] };
  let offset = headerEnd + ((4 - (headerEnd % 4)) % 4);
  const checkpoint: Checkpoint = { ...state, networks: {}, optimizers: {} };
  for (const entry of entries) {
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (offset + 4 * size > bytes.length) fail(`truncated at tensor ${entry.group}/${entry.name}`);
    const raw = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * size);
    const values = entry.dtype === 'int32' ? new Int32Array(raw) : new Float32Array(raw);
    offset += 4 * size;
    const tensor = tf.tensor(values, entry.shape, entry.dtype);
    const [kind, owner] = entry.group.split(':');
    if (kind === 'network') (checkpoint.networks[owner] ??= []).push(tensor);
    else (checkpoint.optimizers[owner] ??= []).push({ name: entry.name, tensor });
  }
  if (offset !== bytes.length) fail(`${bytes.length - offset} unexpected bytes at the end`);
  return checkpoint;
}

/** Disposes the tensors a checkpoint holds. */
export function disposeCheckpoint(checkpoint: Checkpoint): void {
  for (const weights of Object.values(checkpoint.networks)) tf.dispose(weights);
  for (const weights of Object.values(checkpoint.optimizers)) tf.dispose(weights.map((w) => w.tensor));
}

/**
 * Writes `parts` to a temporary file beside `file`, flushes it to disk, then renames it over `file`: rename is atomic,
 * so readers (and a later resume) see either the old file or the new one, never a mixture.
 */
export function writeAtomically(file: string, parts: Uint8Array[] | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.partial-${process.pid}`;
  const fd = fs.openSync(temporary, 'w');
  try {
    for (const part of typeof parts === 'string' ? [Buffer.from(parts, 'utf8')] : parts) fs.writeSync(fd, part);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}
