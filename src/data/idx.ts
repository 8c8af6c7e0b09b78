// Reader for the IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS").
// Header: two zero bytes, a type code (0x08 = unsigned byte), the rank, then one big-endian uint32 per dimension.
import { gunzipSync } from 'zlib';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;

/** True when the bytes start with the gzip magic number, as the .gz files of the original mirrors do. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The raw IDX bytes, gunzipped when needed. `source` names the file in errors. */
export function decompressIdx(bytes: Uint8Array, source: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return new Uint8Array(gunzipSync(bytes));
  } catch (error) {
    throw new IdxFormatError(source, `its gzip stream is damaged (${(error as Error).message})`);
  }
}

/** Parses IDX bytes (gzip accepted), checking magic number, rank, dimensions and length against each other. */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  const raw = decompressIdx(bytes, source);
  if (raw.length < 4) throw new IdxFormatError(source, `it has ${raw.length} bytes, fewer than an IDX header`);
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new IdxFormatError(
      source,
      `it does not start with the IDX magic bytes 0x00 0x00 (found 0x${hex(raw[0])} 0x${hex(raw[1])})`,
    );
  }
  if (raw[2] !== UNSIGNED_BYTE) {
    throw new IdxFormatError(
      source,
      `its element type code is 0x${hex(raw[2])}; only unsigned bytes (0x08) are supported`,
    );
  }
  const rank = raw[3];
  if (rank < 1) throw new IdxFormatError(source, 'its rank is 0');
  const headerLength = 4 + 4 * rank;
  if (raw.length < headerLength) {
    throw new IdxFormatError(source, `it ends inside its header (${raw.length} of ${headerLength} bytes)`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerLength + dims.reduce((a, b) => a * b, 1);
  if (raw.length !== expected) {
    const what = raw.length < expected ? 'truncated' : 'longer than its header says';
    throw new IdxFormatError(
      source,
      `it is ${what}: dims [${dims.join(', ')}] need ${expected} bytes, found ${raw.length}`,
    );
  }
  return { dims, data: raw.subarray(headerLength) };
}

export class IdxFormatError extends Error {
  constructor(
    readonly source: string,
    problem: string,
  ) {
    super(`${source} is not a valid IDX file: ${problem}. Replace it with a fresh copy of the dataset file.`);
    this.name = 'IdxFormatError';
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
