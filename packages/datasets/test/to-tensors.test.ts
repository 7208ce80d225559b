import { useBackend } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { toTensors, type RawImageDataset } from '../src/index.js';

function rawOf(pixels: number[], labels: number[]): RawImageDataset {
  const images = new Uint8Array(labels.length * 4);
  images.set(pixels);
  return {
    name: 'tiny',
    images,
    labels: Uint8Array.from(labels),
    count: labels.length,
    height: 2,
    width: 2,
    classNames: ['a', 'b', 'c'],
    stats: { mean: 0.5, std: 0.25 },
  };
}

describe('toTensors', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  const raw = rawOf([0, 51, 102, 255, 255, 0, 0, 255], [2, 0]);

  it('makes [N, H, W, 1] float32 images in [0, 1] and int32 labels', async () => {
    await expectNoLeak(async () => {
      const ds = toTensors(raw);
      expect(ds.images.shape).toEqual([2, 2, 2, 1]);
      expect(ds.images.dtype).toBe('float32');
      expect(ds.labels.shape).toEqual([2]);
      expect(ds.labels.dtype).toBe('int32');
      expect([...(await ds.images.data())]).toEqual([...Float32Array.from([0, 0.2, 0.4, 1, 1, 0, 0, 1])]);
      expect([...(await ds.labels.data())]).toEqual([2, 0]);
      expect(ds.classNames).toEqual(['a', 'b', 'c']);
      expect(ds.classNames).not.toBe(raw.classNames);
      ds.images.dispose();
      ds.labels.dispose();
    });
  });

  it('standardizes with the dataset stats or given ones', async () => {
    await expectNoLeak(async () => {
      const standard = toTensors(raw, { normalize: true });
      const custom = toTensors(raw, { normalize: { mean: 0, std: 0.5 } });
      const off = toTensors(raw, { normalize: false });
      const std = await standard.images.data();
      expect(std[0]).toBeCloseTo(-2, 6);
      expect(std[3]).toBeCloseTo(2, 6);
      expect((await custom.images.data())[3]).toBeCloseTo(2, 6);
      expect((await off.images.data())[3]).toBe(1);
      tf.dispose([standard.images, standard.labels, custom.images, custom.labels, off.images, off.labels]);
    });
  });

  it('handles an empty dataset', () => {
    const ds = expectNoLeak(() => {
      const empty = toTensors(rawOf([], []));
      expect(empty.images.shape).toEqual([0, 2, 2, 1]);
      tf.dispose([empty.images, empty.labels]);
      return empty;
    });
    expect(ds.images.isDisposed).toBe(true);
  });

  it('validates normalize and the raw sizes without creating tensors', () => {
    const before = tf.memory().numTensors;
    expect(() => toTensors(raw, { normalize: { mean: 0, std: 0 } })).toThrow(
      new RangeError('tiny: normalize.std must be a positive finite number, got 0'),
    );
    expect(() => toTensors(raw, { normalize: 'yes' as never })).toThrow(
      "tiny: normalize must be false, true or { mean, std }, got 'yes'",
    );
    expect(() => toTensors(raw, { normalise: true } as never)).toThrow(
      "tiny: unknown option 'normalise' (expected one of normalize)",
    );
    expect(() => toTensors({ ...raw, count: 3 })).toThrow(
      'tiny: raw dataset has 8 pixels and 2 labels, expected 12 and 3',
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
