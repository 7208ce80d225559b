import { useBackend } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASS_NAMES,
  loadFashionMnist,
  loadFashionMnistRaw,
  type RawImageDataset,
} from '../src/node.js';
import { makeFashionIdx } from './support/make-idx.js';
import { sameBytes, summarize } from './support/summary.js';

const PIXELS = 28 * 28;

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

// Uses $DL_FASHION_MNIST_DIR or the Debian package's location, like callers do.
describe('loadFashionMnistRaw (real files)', () => {
  let train: RawImageDataset;
  let test: RawImageDataset;

  beforeAll(async () => {
    [train, test] = await Promise.all([loadFashionMnistRaw(), loadFashionMnistRaw({ split: 'test' })]);
  });

  it('loads 60 000 train and 10 000 test images of 28x28', () => {
    expect(train).toMatchObject({ name: 'fashionMnist', count: 60000, height: 28, width: 28 });
    expect(train.images.length).toBe(60000 * PIXELS);
    expect(train.labels.length).toBe(60000);
    expect(test.count).toBe(10000);
    expect(test.images.length).toBe(10000 * PIXELS);
    expect(train.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES]);
  });

  it('is class-balanced with labels 0..9 in file order', () => {
    expect(classCounts(train.labels)).toEqual(new Array(10).fill(6000));
    expect(classCounts(test.labels)).toEqual(new Array(10).fill(1000));
    // The first train labels of the official file.
    expect([...train.labels.subarray(0, 4)]).toEqual([9, 0, 0, 3]);
  });

  it('subsets by class keeping original ids and file order', async () => {
    const subset = await loadFashionMnistRaw({ split: 'test', classes: [7, 3] });
    expect(subset.count).toBe(2000);
    expect(new Set(subset.labels)).toEqual(new Set([3, 7]));
    const expected: number[] = [];
    test.labels.forEach((label, i) => (label === 3 || label === 7) && expected.push(i));
    expect([...subset.labels]).toEqual(expected.map((i) => test.labels[i]));
    const k = 1234;
    const src = expected[k] ?? -1;
    expect(subset.images.subarray(k * PIXELS, (k + 1) * PIXELS)).toEqual(
      test.images.subarray(src * PIXELS, (src + 1) * PIXELS),
    );
  });

  it('limits to the first N samples after class filtering', async () => {
    const first = await loadFashionMnistRaw({ split: 'test', limit: 5 });
    expect(first.count).toBe(5);
    expect(first.labels).toEqual(test.labels.subarray(0, 5));
    expect(sameBytes(first.images, test.images.subarray(0, 5 * PIXELS))).toBe(true);

    const bags = await loadFashionMnistRaw({ split: 'test', classes: [8], limit: 3 });
    expect([...bags.labels]).toEqual([8, 8, 8]);
    const firstBag = test.labels.indexOf(8);
    expect(bags.images.subarray(0, PIXELS)).toEqual(test.images.subarray(firstBag * PIXELS, (firstBag + 1) * PIXELS));
  });

  it('is deterministic', async () => {
    const again = await loadFashionMnistRaw({ split: 'test' });
    expect(sameBytes(again.labels, test.labels)).toBe(true);
    expect(sameBytes(again.images, test.images)).toBe(true);
  });
});

describe('loadFashionMnist (real files)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('returns [N, 28, 28, 1] float32 pixels in [0, 1] and int32 labels, without leaks', async () => {
    await expectNoLeak(async () => {
      const ds = await loadFashionMnist({ split: 'test' });
      expect(ds.images.shape).toEqual([10000, 28, 28, 1]);
      expect(ds.images.dtype).toBe('float32');
      expect(ds.labels.shape).toEqual([10000]);
      expect(ds.labels.dtype).toBe('int32');
      expect(ds.classNames).toEqual([...FASHION_MNIST_CLASS_NAMES]);
      const pixels = await summarize(ds.images);
      expect([pixels.min, pixels.max]).toEqual([0, 1]);
      const labels = await summarize(ds.labels);
      expect([labels.min, labels.max]).toEqual([0, 9]);
      tf.dispose([ds.images, ds.labels]);
    });
  });

  it('normalize: true gives mean ≈ 0 and std ≈ 1 over the train split', async () => {
    await expectNoLeak(async () => {
      const ds = await loadFashionMnist({ normalize: true });
      expect(ds.images.shape).toEqual([60000, 28, 28, 1]);
      const { mean, std } = await summarize(ds.images);
      expect(Math.abs(mean)).toBeLessThan(1e-3);
      expect(Math.abs(std - 1)).toBeLessThan(1e-3);
      tf.dispose([ds.images, ds.labels]);
    });
  });

  it('applies a custom normalization and subsets', async () => {
    await expectNoLeak(async () => {
      const ds = await loadFashionMnist({ split: 'test', classes: [1], limit: 10, normalize: { mean: 0.5, std: 0.5 } });
      expect(ds.images.shape).toEqual([10, 28, 28, 1]);
      expect([...(await ds.labels.data())]).toEqual(new Array(10).fill(1));
      const { min, max } = await summarize(ds.images);
      expect([min, max]).toEqual([-1, 1]);
      tf.dispose([ds.images, ds.labels]);
    });
  });

  it('loads identical tensors twice', async () => {
    await expectNoLeak(async () => {
      const a = await loadFashionMnist({ split: 'test', limit: 500 });
      const b = await loadFashionMnist({ split: 'test', limit: 500 });
      expect(sameBytes(await b.images.data(), await a.images.data())).toBe(true);
      expect(sameBytes(await b.labels.data(), await a.labels.data())).toBe(true);
      tf.dispose([a.images, a.labels, b.images, b.labels]);
    });
  });
});

describe('loadFashionMnistRaw (file lookup)', () => {
  let empty: string;
  let fixture: string;

  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'dl-fmnist-empty-'));
    fixture = await mkdtemp(join(tmpdir(), 'dl-fmnist-fixture-'));
    // One file plain, one gzipped: both forms are accepted.
    const train = makeFashionIdx([4, 1, 4], (i) => 100 + i);
    await writeFile(join(fixture, 'train-images-idx3-ubyte'), train.images);
    await writeFile(join(fixture, 'train-labels-idx1-ubyte.gz'), gzipSync(train.labels));
    const t10k = makeFashionIdx([2]);
    await writeFile(join(fixture, 't10k-images-idx3-ubyte.gz'), gzipSync(t10k.images));
    await writeFile(join(fixture, 't10k-labels-idx1-ubyte.gz'), gzipSync(t10k.labels));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([rm(empty, { recursive: true, force: true }), rm(fixture, { recursive: true, force: true })]);
  });

  it('reads plain and gzipped files from the dir option', async () => {
    const train = await loadFashionMnistRaw({ dir: fixture });
    expect(train.count).toBe(3);
    expect([...train.labels]).toEqual([4, 1, 4]);
    expect(train.images[2 * PIXELS]).toBe(102);
    const test = await loadFashionMnistRaw({ dir: fixture, split: 'test' });
    expect([...test.labels]).toEqual([2]);
  });

  it('reads the directory from DL_FASHION_MNIST_DIR, with the dir option taking precedence', async () => {
    vi.stubEnv('DL_FASHION_MNIST_DIR', fixture);
    try {
      expect((await loadFashionMnistRaw({ classes: [1] })).count).toBe(1);
      await expect(loadFashionMnistRaw({ dir: empty })).rejects.toThrow(/directory from the dir option/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names the missing file and how to install it', async () => {
    const error: Error = await loadFashionMnistRaw({ dir: empty }).then(
      () => expect.unreachable(),
      (e: Error) => e,
    );
    expect(error.message).toContain(join(empty, 'train-images-idx3-ubyte.gz'));
    expect(error.message).toContain('apt-get install dataset-fashion-mnist');
    expect(error.message).toContain('DL_FASHION_MNIST_DIR');

    vi.stubEnv('DL_FASHION_MNIST_DIR', empty);
    try {
      await expect(loadFashionMnist({ split: 'test' })).rejects.toThrow(
        `fashionMnist: missing file ${join(empty, 't10k-images-idx3-ubyte.gz')} (or uncompressed ${join(empty, 't10k-images-idx3-ubyte')}); directory from DL_FASHION_MNIST_DIR.`,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names both files when their contents do not match', async () => {
    const bad = await mkdtemp(join(tmpdir(), 'dl-fmnist-bad-'));
    try {
      const a = makeFashionIdx([1, 2, 3]);
      const b = makeFashionIdx([1, 2]);
      await writeFile(join(bad, 'train-images-idx3-ubyte'), a.images);
      await writeFile(join(bad, 'train-labels-idx1-ubyte'), b.labels);
      await expect(loadFashionMnistRaw({ dir: bad })).rejects.toThrow(
        `fashionMnist: labels must be a uint8 IDX array of shape [3] to match the images, got uint8 [2] (in ${join(bad, 'train-images-idx3-ubyte')} / ${join(bad, 'train-labels-idx1-ubyte')})`,
      );
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });

  it('defaults to the Debian package location', () => {
    expect(DEFAULT_FASHION_MNIST_DIR).toBe('/usr/share/datasets/fashion-mnist');
  });
});

describe('loadFashionMnist options', () => {
  // Validation happens before any file is read, so a bogus dir never matters.
  const dir = '/nonexistent';

  it.each([
    [{ limit: -3 }, 'fashionMnist: limit must be a positive integer, got -3'],
    [{ limit: 0 }, 'fashionMnist: limit must be a positive integer, got 0'],
    [{ limit: '5' }, "fashionMnist: limit must be a positive integer, got '5'"],
    [{ split: 'val' }, "fashionMnist: split must be 'train' or 'test', got 'val'"],
    [{ classes: [0, 12] }, 'fashionMnist: classes contains unknown class id 12 (valid ids are 0..9)'],
    [{ classes: [0.5] }, 'fashionMnist: classes contains unknown class id 0.5 (valid ids are 0..9)'],
    [{ classes: 3 }, 'fashionMnist: classes must be a non-empty array of class ids, got 3'],
    [{ normalize: { mean: 0.3 } }, 'fashionMnist: normalize.std must be a positive finite number, got undefined'],
    [{ limt: 5 }, "fashionMnist: unknown option 'limt' (expected one of split, classes, limit, dir, normalize)"],
    [{ dir: '' }, "fashionMnist: dir must be a non-empty string, got ''"],
  ])('rejects %o', async (options, message) => {
    await expect(loadFashionMnist({ dir, ...options } as never)).rejects.toThrow(new RangeError(message));
  });

  it('rejects normalize on the raw loader', async () => {
    await expect(loadFashionMnistRaw({ dir, normalize: true } as never)).rejects.toThrow(
      "fashionMnist: unknown option 'normalize' (expected one of split, classes, limit, dir)",
    );
  });
});
