// The checkpoint file: every network's weights, every optimiser's state, and the run's position and history, with a
// CRC32 of its header and of each tensor, checked on every read, so that a damaged file (a bad sector, a broken copy,
// a sync tool) is refused by name instead of training on silently wrong numbers.
//
// Format 2, little-endian:
//   "GENLABCK" · format (u32, 2) · header length n (u32) · header: n bytes of UTF-8 JSON (the RunState and the tensor
//   table, each entry with its CRC32) · spaces up to a multiple of 4 bytes · CRC32 of every byte before it (u32) ·
//   the tensors' bytes, one after another in the table's order.
// Format 1 (genlab before checksums) had no format field and no CRCs: "GENLABCK" · n (u32) · header · spaces · tensors.
// It is still read, with a warning, since a finished run can take hours to train again; fit rewrites it in format 2
// when it resumes the run.
import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { crc32 } from 'zlib';
import { writeAtomically } from './atomic';

/** One epoch's numbers: the mean training losses, the evaluation metrics, and the time it took. */
export interface EpochRecord {
  epoch: number; // 1-based
  steps: number; // steps completed by the end of this epoch, counted from the start of the run
  seconds: number; // wall-clock time of this epoch
  metrics: Record<string, number>;
}

/**
 * The settings that fix a run: numbers (seed, batch size, latent size...) and named choices (architecture 'mlp').
 * genlab before 2026-12 wrote a choice as a flag, { 'architecture=mlp': 1 }; readCheckpoint reads that as the choice.
 */
export type RunSettings = Record<string, number | string>;

/** Where a run stands: what was trained, with which settings, how far, and how it went. */
export interface RunState {
  kind: string; // 'classifier' | 'gan' | 'vae'
  settings: RunSettings;
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

/** The format this genlab writes. */
export const CHECKPOINT_FORMAT = 2;

/** A checkpoint as read, with the format it was written in. */
export interface LoadedCheckpoint extends Checkpoint {
  format: number;
}

const MAGIC = 'GENLABCK';

interface TensorEntry {
  group: string; // 'network:generator', 'optimizer:generator'
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  crc32?: number; // format 2 on
}

/** Where a run stands, in words: "the end of epoch 1, step 3" or "epoch 2, step 14 of the run, 4 of the epoch". */
export function describePosition(state: RunState): string {
  const partial = state.epochInProgress;
  return partial
    ? `epoch ${state.epoch + 1}, step ${state.step} of the run, ${partial.steps} of the epoch`
    : `the end of epoch ${state.epoch}, step ${state.step}`;
}

/** Writes a checkpoint to `file` atomically and durably (writeAtomically): a partly written file never replaces a whole one. */
export function writeCheckpoint(file: string, checkpoint: Checkpoint): void {
  const entries: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  const add = (group: string, name: string, tensor: tf.Tensor) => {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32')
      throw new Error(`cannot save ${name}: dtype ${tensor.dtype}`);
    const values = tensor.dataSync() as Float32Array | Int32Array;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    entries.push({ group, name, shape: tensor.shape, dtype: tensor.dtype, crc32: crc32(bytes) });
    chunks.push(bytes);
  };
  for (const [net, weights] of Object.entries(checkpoint.networks))
    weights.forEach((w, i) => add(`network:${net}`, String(i), w));
  for (const [opt, weights] of Object.entries(checkpoint.optimizers))
    weights.forEach((w) => add(`optimizer:${opt}`, w.name, w.tensor));
  const { networks: _n, optimizers: _o, ...state } = checkpoint;
  const json = Buffer.from(JSON.stringify({ ...state, tensors: entries }), 'utf8');
  const preamble = Buffer.alloc(MAGIC.length + 8);
  preamble.write(MAGIC, 'latin1');
  preamble.writeUInt32LE(CHECKPOINT_FORMAT, MAGIC.length);
  preamble.writeUInt32LE(json.length, MAGIC.length + 4);
  // The tensors start at a multiple of 4 bytes, so that they can be read back as typed arrays.
  const padding = Buffer.alloc(paddingAfter(preamble.length + json.length), 0x20);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(crc32(padding, crc32(json, crc32(preamble))));
  writeAtomically(file, [preamble, json, padding, checksum, ...chunks]);
}

const paddingAfter = (length: number) => (4 - (length % 4)) % 4;

/** Which files have been warned about being format 1, so that each warning is given once per process. */
const warnedFormat1 = new Set<string>();

/**
 * Reads a checkpoint and checks every checksum; the caller owns (and disposes) its tensors. A damaged file is an error
 * that names it, the part that fails its check and what to do; nothing of it is loaded.
 */
export function readCheckpoint(file: string): LoadedCheckpoint {
  const bytes = fs.readFileSync(file);
  const unreadable = (why: string): never => {
    throw new Error(
      `${file} is not a readable genlab checkpoint (${why}). Restore it from a copy, or delete it to ` +
        'start that run again (or pass another run folder).',
    );
  };
  if (bytes.length < MAGIC.length + 8 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    unreadable('its first bytes are not "GENLABCK": another kind of file, or a damaged header');
  }
  const format = bytes.readUInt32LE(MAGIC.length);
  if (format !== CHECKPOINT_FORMAT && bytes[MAGIC.length + 4] === '{'.charCodeAt(0))
    return readFormat1(file, bytes, unreadable);
  const jsonStart = MAGIC.length + 8;
  const jsonEnd = jsonStart + bytes.readUInt32LE(MAGIC.length + 4);
  const checksumAt = jsonEnd + paddingAfter(jsonEnd);
  if (checksumAt + 4 > bytes.length) unreadable('truncated header');
  if (bytes.readUInt32LE(checksumAt) !== crc32(bytes.subarray(0, checksumAt))) {
    damaged(
      file,
      "its header (the run's position and the table of tensors) fails its checksum, so what it holds is unknown",
    );
  }
  if (format !== CHECKPOINT_FORMAT) {
    unreadable(`format ${format}, newer than this genlab's ${CHECKPOINT_FORMAT}: update genlab to read it`);
  }
  const { tensors: entries, ...state } = JSON.parse(bytes.toString('utf8', jsonStart, jsonEnd)) as RunState & {
    tensors: TensorEntry[];
  };
  return { ...readTensors(file, bytes, checksumAt + 4, entries, state, unreadable), format };
}

/** Format 1: no checksums to check, so it is read with a warning. */
function readFormat1(file: string, bytes: Buffer, unreadable: (why: string) => never): LoadedCheckpoint {
  const jsonStart = MAGIC.length + 4;
  const jsonEnd = jsonStart + bytes.readUInt32LE(MAGIC.length);
  if (jsonEnd > bytes.length) unreadable('truncated header');
  let header: RunState & { tensors: TensorEntry[] };
  try {
    header = JSON.parse(bytes.toString('utf8', jsonStart, jsonEnd));
  } catch {
    return unreadable('damaged header');
  }
  if (!warnedFormat1.has(file)) {
    warnedFormat1.add(file);
    console.warn(
      `genlab: ${file} was written by an older genlab (checkpoint format 1, without checksums), so damage ` +
        'to it cannot be detected; it is read as before. Resuming its run rewrites it in format 2.',
    );
  }
  const { tensors: entries, ...state } = header;
  return { ...readTensors(file, bytes, jsonEnd + paddingAfter(jsonEnd), entries, state, unreadable), format: 1 };
}

function readTensors(
  file: string,
  bytes: Buffer,
  start: number,
  entries: TensorEntry[],
  state: RunState,
  unreadable: (why: string) => never,
): Checkpoint {
  // Every check comes before the first tensor is made, so that a damaged file allocates nothing.
  const views: Buffer[] = [];
  let offset = start;
  for (const entry of entries) {
    const length = 4 * entry.shape.reduce((a, b) => a * b, 1);
    if (offset + length > bytes.length) unreadable(`truncated at ${tensorName(entry)}`);
    const view = bytes.subarray(offset, offset + length);
    if (entry.crc32 !== undefined && crc32(view) !== entry.crc32) {
      damaged(file, `${tensorName(entry)} (bytes ${offset}–${offset + length - 1}) fails its checksum`, state);
    }
    views.push(view);
    offset += length;
  }
  if (offset !== bytes.length) unreadable(`${bytes.length - offset} unexpected bytes at the end`);
  const checkpoint: Checkpoint = { ...state, settings: readSettings(state.settings), networks: {}, optimizers: {} };
  entries.forEach((entry, i) => {
    const raw = views[i].buffer.slice(views[i].byteOffset, views[i].byteOffset + views[i].byteLength);
    const tensor = tf.tensor(
      entry.dtype === 'int32' ? new Int32Array(raw) : new Float32Array(raw),
      entry.shape,
      entry.dtype,
    );
    const [kind, owner] = entry.group.split(':');
    if (kind === 'network') (checkpoint.networks[owner] ??= []).push(tensor);
    else (checkpoint.optimizers[owner] ??= []).push({ name: entry.name, tensor });
  });
  return checkpoint;
}

/** Settings as written by any genlab: an older one's flag { 'architecture=mlp': 1 } is the choice { architecture: 'mlp' }. */
export function readSettings(stored: RunSettings): RunSettings {
  return Object.fromEntries(
    Object.entries(stored).map(([key, value]) => {
      const flag = /^(\w+)=(.+)$/.exec(key);
      return flag && value === 1 ? [flag[1], flag[2]] : [key, value];
    }),
  );
}

/** The numeric settings `keys` of the checkpoint `file`; one missing or not a number is an error naming it. */
export function numberSettings<K extends string>(
  settings: RunSettings,
  keys: readonly K[],
  file: string,
): Record<K, number> {
  const bad = keys.filter((key) => typeof settings[key] !== 'number');
  if (bad.length > 0) {
    throw new Error(
      `${file} records no number for ${bad.join(', ')}, so its network cannot be rebuilt: it was not written by ` +
        "this model's trainer. Use a run folder that this model made.",
    );
  }
  return Object.fromEntries(keys.map((key) => [key, settings[key]])) as Record<K, number>;
}

/** "weight 3 of network generator (shape 5×5×1×64)", "optimiser state conv2d/kernel/m of generator (shape 3×3)". */
function tensorName(entry: TensorEntry): string {
  const [kind, owner] = entry.group.split(':');
  const what =
    kind === 'network' ? `weight ${entry.name} of network ${owner}` : `optimiser state ${entry.name} of ${owner}`;
  return `${what} (shape ${entry.shape.join('×') || 'scalar'})`;
}

function damaged(file: string, what: string, state?: RunState): never {
  const holds = state ? ` It holds a ${state.kind} run at ${describePosition(state)}.` : '';
  throw new Error(
    `${file} is damaged: ${what}. The file changed after it was written (a failing disk, an interrupted ` +
      `copy, a sync tool), so nothing was loaded from it.${holds} Restore it from a copy, or delete it to start that run ` +
      'again (or pass another run folder).',
  );
}

/** Disposes the tensors a checkpoint holds. */
export function disposeCheckpoint(checkpoint: Checkpoint): void {
  for (const weights of Object.values(checkpoint.networks)) tf.dispose(weights);
  for (const weights of Object.values(checkpoint.optimizers)) tf.dispose(weights.map((w) => w.tensor));
}
