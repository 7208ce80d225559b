import { join } from 'node:path';
import { FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_STATS, fashionMnistFromIdx } from './fashion-mnist.js';
import { checkOptionKeys, resolveNormalize, resolveSubset, show, subsetKeys } from './internal/options.js';
import { readMaybeGzipped } from './internal/read-bytes.js';
import { toTensors } from './to-tensors.js';
import type { ImageDataset, RawImageDataset, SubsetOptions, TensorOptions } from './types.js';

/** Where the Debian package `dataset-fashion-mnist` installs the files. */
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export interface FashionMnistFileOptions {
  /** Directory with the IDX files; else `$DL_FASHION_MNIST_DIR`, else {@link DEFAULT_FASHION_MNIST_DIR}. */
  dir?: string;
}

const NAME = 'fashionMnist';
const FILE_PREFIX = { train: 'train', test: 't10k' } as const;

/**
 * Reads Fashion-MNIST from local IDX files (`{train,t10k}-{images-idx3,labels-idx1}-ubyte`,
 * each plain or `.gz`) as raw uint8 data, in file order. Node only.
 */
export async function loadFashionMnistRaw(
  options?: SubsetOptions & FashionMnistFileOptions,
): Promise<RawImageDataset> {
  const { dir: dirOption, ...rest } = checkOptionKeys(NAME, options, subsetKeys('dir'));
  const { split, classes, limit } = resolveSubset(NAME, rest, FASHION_MNIST_CLASS_NAMES.length);
  const { dir, source } = resolveDir(dirOption);
  const prefix = FILE_PREFIX[split];
  // Both reads run at once, but a failure is reported in file order (images first), not
  // in whichever order the file system happens to answer.
  const settled = await Promise.allSettled([
    readDatasetFile(dir, source, `${prefix}-images-idx3-ubyte`),
    readDatasetFile(dir, source, `${prefix}-labels-idx1-ubyte`),
  ]);
  const [images, labels] = settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  }) as [DatasetFile, DatasetFile];
  try {
    return fashionMnistFromIdx(
      { images: images.bytes, labels: labels.bytes },
      {
        ...(classes === null ? {} : { classes: [...classes] }),
        ...(limit === Infinity ? {} : { limit }),
      },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message} (in ${images.path} / ${labels.path})`, { cause: error });
  }
}

/** {@link loadFashionMnistRaw} as tensors; the caller disposes `images` and `labels`. Node only. */
export async function loadFashionMnist(
  options?: SubsetOptions & TensorOptions & FashionMnistFileOptions,
): Promise<ImageDataset> {
  const { normalize, ...rest } = checkOptionKeys(NAME, options, subsetKeys('dir', 'normalize'));
  // Validate before the slow file read; toTensors would only complain afterwards.
  const stats = resolveNormalize(NAME, normalize, FASHION_MNIST_STATS);
  const raw = await loadFashionMnistRaw(rest);
  return toTensors(raw, { normalize: stats ?? false });
}

function resolveDir(dir: unknown): { dir: string; source: string } {
  if (dir !== undefined) {
    if (typeof dir !== 'string' || dir === '') {
      throw new RangeError(`${NAME}: dir must be a non-empty string, got ${show(dir)}`);
    }
    return { dir, source: 'the dir option' };
  }
  const env = globalThis.process?.env?.DL_FASHION_MNIST_DIR;
  if (env) return { dir: env, source: 'DL_FASHION_MNIST_DIR' };
  return { dir: DEFAULT_FASHION_MNIST_DIR, source: 'the default location' };
}

interface DatasetFile {
  path: string;
  bytes: Uint8Array;
}

/** Tries `<base>` then `<base>.gz`; a missing file says how to get it. */
async function readDatasetFile(
  dir: string,
  source: string,
  base: string,
): Promise<DatasetFile> {
  const plain = join(dir, base);
  const gz = `${plain}.gz`;
  for (const path of [plain, gz]) {
    try {
      return { path, bytes: await readMaybeGzipped(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${NAME}: cannot read ${path}: ${message}`, { cause: error });
      }
    }
  }
  throw new Error(
    `${NAME}: missing file ${gz} (or uncompressed ${plain}); directory from ${source}. ` +
      `Install it with \`apt-get install dataset-fashion-mnist\`, or set the dir option ` +
      `or DL_FASHION_MNIST_DIR to a directory holding the Fashion-MNIST IDX files.`,
  );
}
