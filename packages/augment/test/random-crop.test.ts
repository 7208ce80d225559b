import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { randomCrop } from '../src/index.js';
import { windowGather } from '../src/random-crop.js';
import { cases, input, tolerance } from './support/fixture.js';

describeBackends('randomCrop', (backend) => {
  for (const c of cases('padCrop')) {
    it(`reads padded windows like torchvision's pad + crop: ${c.name}`, async () => {
      const x = input(c);
      const [l, t] = c.params.padding as number[];
      const offs = c.params.offsets as number[][];
      const y = expectNoLeak(() =>
        windowGather(x, offs.map((o) => o[0]! - t!), offs.map((o) => o[1]! - l!), c.params.size[0], c.params.size[1], c.params.mode, [c.params.fill, c.params.fill, c.params.fill]),
      );
      await expectTensorsClose(y, c.output, tolerance(backend));
      tf.dispose([x, y]);
    });
  }

});

it('randomCrop draws offsets uniformly (chi-square over the 9 positions)', async () => {
  // A 3x3 image with a distinct value per pixel; a 1x1 crop reveals the offset.
  const n = 1800;
  const x = tf.tidy(() => tf.tile(tf.reshape(tf.range(0, 9, 1, 'float32'), [1, 3, 3, 1]), [n, 1, 1, 1])) as tf.Tensor4D;
  const y = randomCrop({ size: 1 })(x, 3);
  const counts = new Array(9).fill(0);
  for (const v of await y.data()) counts[v]++;
  const expected = n / 9;
  const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
  expect(chi2).toBeLessThan(26.1); // chi-square, 8 degrees of freedom, p = 0.001
  tf.dispose([x, y]);
});

it('randomCrop rejects crops larger than the image without padding, before making tensors', () => {
  const x = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  expect(() => randomCrop({ size: 5 })(x)).toThrow(/randomCrop: size \[5, 5\] is larger than the \(padded\) images \[4, 4\]; pass padding or padIfNeeded/);
  expect(tf.memory().numTensors).toBe(before);
  const y = randomCrop({ size: 5, padIfNeeded: true })(x, 1);
  expect(y.shape).toEqual([1, 5, 5, 1]);
  expect(() => randomCrop({ size: -2 })).toThrow(/randomCrop: size must be a positive integer/);
  expect(() => randomCrop({ size: 2, padding: -1 })).toThrow(/randomCrop: padding must be an integer >= 0/);
  expect(() => randomCrop({ size: 2, paddingMode: 'wrap' as 'edge' })).toThrow(/paddingMode must be one of/);
  expect(() => randomCrop({ size: 2, padding: 4, paddingMode: 'reflect' })(x)).toThrow(/reflect padding must be smaller than the image/);
  tf.dispose([x, y]);
});

it('random crop: is deterministic per seed and crops every image inside the padded image', async () => {
  const x = tf.add(tf.reshape(tf.range(0, 2 * 6 * 7, 1, 'float32'), [2, 6, 7, 1]), 1) as tf.Tensor4D;
  const t = randomCrop({ size: [4, 5], padding: 2 });
  const a = expectNoLeak(() => t(x, 7));
  const b = t(x, 7);
  expect(a.shape).toEqual([2, 4, 5, 1]);
  await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
  tf.dispose([x, a, b]);
});
