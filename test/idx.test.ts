import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { IdxFormatError, parseIdx } from '../src/data/idx';

/** An IDX file of unsigned bytes with the given dims and contents 0, 1, 2, ... */
function makeIdx(dims: number[], extraBytes = 0): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(4 + 4 * dims.length + count + extraBytes);
  bytes.set([0, 0, 0x08, dims.length]);
  const view = new DataView(bytes.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) bytes[4 + 4 * dims.length + i] = i % 256;
  return bytes;
}

test('parses rank-3 images and rank-1 labels with big-endian dims', () => {
  const images = parseIdx(makeIdx([2, 3, 4]), 'images');
  assert.deepEqual(images.dims, [2, 3, 4]);
  assert.equal(images.data.length, 24);
  assert.equal(images.data[23], 23);
  const labels = parseIdx(makeIdx([300]), 'labels');
  assert.deepEqual(labels.dims, [300]);
  assert.equal(labels.data[299], 299 % 256);
});

test('accepts gzip-compressed files', () => {
  const parsed = parseIdx(gzipSync(makeIdx([5, 2, 2])), 'x.gz');
  assert.deepEqual(parsed.dims, [5, 2, 2]);
  assert.equal(parsed.data[19], 19);
});

test('rejects a wrong magic number, naming the file', () => {
  const bytes = makeIdx([4]);
  bytes[0] = 0x50; // 'P', as in a PNG or an HTML error page
  assert.throws(
    () => parseIdx(bytes, 'labels.idx'),
    (e: Error) => e instanceof IdxFormatError && /labels\.idx/.test(e.message) && /magic/.test(e.message),
  );
});

test('rejects element types other than unsigned bytes', () => {
  const bytes = makeIdx([4]);
  bytes[2] = 0x0d; // float32
  assert.throws(() => parseIdx(bytes, 'f'), /type code is 0x0d/);
});

test('rejects a truncated body and one longer than the header says', () => {
  const full = makeIdx([10, 2, 2]);
  assert.throws(() => parseIdx(full.subarray(0, full.length - 1), 't'), /truncated.*need 56 bytes, found 55/);
  assert.throws(() => parseIdx(makeIdx([10, 2, 2], 3), 't'), /longer than its header says/);
});

test('rejects a file that ends inside its header, and a damaged gzip stream', () => {
  assert.throws(() => parseIdx(makeIdx([10, 2, 2]).subarray(0, 9), 'h'), /ends inside its header/);
  const gz = gzipSync(makeIdx([100]));
  assert.throws(() => parseIdx(gz.subarray(0, gz.length - 10), 'g.gz'), /gzip stream is damaged/);
});
