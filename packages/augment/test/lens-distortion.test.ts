import { describe, it, expect } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { lensDistortion, randomLensDistortion } from '../src/index.js';

describe('lensDistortion (on the first backend under test)', () => {
  it('k1 = k2 = 0 is the identity', async () => {
    const x = tf.randomUniform([2, 7, 9, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = expectNoLeak(() => lensDistortion(x, { k1: 0 }));
    await expectTensorsClose(y, x, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([x, y]);
  });

  it('barrel (k1 > 0) pulls the border inwards and pincushion (k1 < 0) pushes it out', async () => {
    // A 2-pixel white frame on a 21 x 21 black image: barrel moves it inwards, pincushion out of view.
    const x = tf.zeros([1, 17, 17, 1]);
    const frame = tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], 1) as tf.Tensor4D;
    const barrel = lensDistortion(frame, { k1: 0.3 });
    const pin = lensDistortion(frame, { k1: -0.3 });
    const b = (await barrel.array())[0]!;
    const p = (await pin.array())[0]!;
    expect(b[10]![0]![0]).toBeLessThan(0.1); // column 0 reads outside the image: fill
    expect(b[10]![2]![0]).toBeGreaterThan(0.9); // the frame, moved inwards
    expect(p[10]!.slice(0, 10).every((px) => px[0] === 0)).toBe(true); // the frame is pushed outside
    // Mirror symmetry about the centre.
    const flipped = tf.reverse(barrel, 2);
    await expectTensorsClose(barrel, flipped, { rtol: 0, atol: 1e-5 });
    tf.dispose([x, frame, barrel, pin, flipped]);
  });

  it('randomLensDistortion is deterministic per seed', async () => {
    const x = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const t = randomLensDistortion({ k1: 0.3, k2: [0, 0.1] });
    const a = expectNoLeak(() => t(x, 6));
    const b = t(x, 6);
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    tf.dispose([x, a, b]);
  });
});

it('lens distortion rejects bad options', () => {
  const x = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
  expect(() => lensDistortion(x, { k1: Number.NaN })).toThrow(/lensDistortion: k1 must be a finite number/);
  expect(() => lensDistortion(x, { k1: [0.1] })).toThrow(/one value per image \(2\), got 1/);
  expect(() => randomLensDistortion({ k1: [0.2, -0.2] })).toThrow(/randomLensDistortion: k1 must be \[min, max\]/);
  expect(() => randomLensDistortion({ p: 3 })).toThrow(/randomLensDistortion: p must be in \[0, 1\]/);
  x.dispose();
});
