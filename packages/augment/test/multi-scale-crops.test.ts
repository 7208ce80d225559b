import { describe, it, expect } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { averageCrops, multiScaleCrops, resize, tenCrop } from '../src/index.js';

describe('multiScaleCrops (on the first backend under test)', () => {
  it('stacks ten crops per scale, crop-major, and averageCrops undoes the layout', async () => {
    const x = tf.randomUniform([2, 12, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const crops = expectNoLeak(() => multiScaleCrops(x, { scales: [8, 12], size: 8 }));
    expect(crops.shape).toEqual([40, 8, 8, 3]);
    // Scale 12 (second scale), crop 3 (bottom-left), image 1 -> row (10 + 3) * 2 + 1.
    const r = resize(x, 12);
    const ten = tenCrop(r, 8);
    const row = tf.slice(crops, [27, 0, 0, 0], [1, 8, 8, 3]);
    await expectTensorsClose(row, tf.slice(ten[3]!, [1, 0, 0, 0], [1, 8, 8, 3]), { rtol: 0, atol: 0 });
    const preds = tf.reshape(tf.range(0, 40 * 2, 1, 'float32'), [40, 2]);
    const avg = expectNoLeak(() => averageCrops(preds, 20));
    expect(avg.shape).toEqual([2, 2]);
    // Image 0 owns rows 0, 2, ..., 38: mean of 2k over k = 0..19 is 38 (column 0).
    await expectTensorsClose(avg, [[38, 39], [40, 41]], { rtol: 0, atol: 1e-4 });
    tf.dispose([x, crops, r, ...ten, row, preds, avg]);
  });
});

it('multiScaleCrops rejects scales below the crop size', () => {
  const x = tf.zeros([1, 10, 10, 1]) as tf.Tensor4D;
  expect(() => multiScaleCrops(x, { scales: [6], size: 8 })).toThrow(/multiScaleCrops: scale 6 gives images \[6, 6\], smaller than the crop \[8, 8\]/);
  expect(() => multiScaleCrops(x, { scales: [] })).toThrow(/scales must be a non-empty array/);
  expect(() => averageCrops(tf.zeros([7, 2]), 2)).toThrow(/averageCrops: predictions must have a first dimension divisible by numCrops/);
  x.dispose();
});
