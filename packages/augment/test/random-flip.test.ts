import { describe, it, expect } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { hflip, randomHorizontalFlip, randomVerticalFlip } from '../src/index.js';

describe('randomHorizontalFlip (on the first backend under test)', () => {
  it('flips exactly the drawn images, deterministic per seed', async () => {
    const x = tf.randomUniform([6, 3, 4, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const t = randomHorizontalFlip();
    const a = expectNoLeak(() => t(x, 5));
    const b = t(x, 5);
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    const f = hflip(x);
    const [av, xv, fv] = await Promise.all([a.array(), x.array(), f.array()]);
    for (let i = 0; i < 6; i++) expect([xv[i], fv[i]]).toContainEqual(av[i]);
    tf.dispose([x, a, b, f]);
  });
  it('p = 0 and p = 1 keep or flip every image', async () => {
    const x = tf.randomUniform([3, 2, 5, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const keep = randomHorizontalFlip({ p: 0 })(x, 1);
    const all = randomVerticalFlip({ p: 1 })(x, 1);
    const v = tf.reverse(x, 1);
    await expectTensorsClose(keep, x, { rtol: 0, atol: 0 });
    await expectTensorsClose(all, v, { rtol: 0, atol: 0 });
    tf.dispose([x, keep, all, v]);
  });
});

it('randomHorizontalFlip flips a fraction p of the images', async () => {
  const n = 3000;
  // [0, 1] per row: flipped rows read [1, 0].
  const x = tf.tidy(() => tf.tile(tf.reshape(tf.tensor1d([0, 1]), [1, 1, 2, 1]), [n, 1, 1, 1])) as tf.Tensor4D;
  const y = randomHorizontalFlip({ p: 0.25, seed: 8 })(x);
  const v = await y.data();
  let flipped = 0;
  for (let i = 0; i < n; i++) if (v[2 * i] === 1) flipped++;
  expect(Math.abs(flipped / n - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / n));
  tf.dispose([x, y]);
});

it('random flips reject probabilities outside [0, 1]', () => {
  expect(() => randomHorizontalFlip({ p: -0.1 })).toThrow(/randomHorizontalFlip: p must be in \[0, 1\], got -0.1/);
  expect(() => randomVerticalFlip({ p: 2 })).toThrow(/randomVerticalFlip: p must be in \[0, 1\], got 2/);
  expect(() => randomHorizontalFlip({ seed: 1.5 })).toThrow(TypeError);
});
