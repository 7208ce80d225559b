import { describe, it, expect } from 'vitest';
import { tf, Rng } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { cutout, randomErasing } from '../src/index.js';
import { erasingBox } from '../src/random-erasing.js';

describe('randomErasing / cutout (on the first backend under test)', () => {
  it('erases one box per chosen image, deterministic per seed', async () => {
    const x = tf.ones([8, 10, 10, 3]) as tf.Tensor4D;
    const t = randomErasing({ p: 1, value: [0, 0, 0] });
    const a = expectNoLeak(() => t(x, 3));
    const b = t(x, 3);
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    const zeros = await tf.sum(tf.sub(1, a), [1, 2, 3]).data();
    for (const z of zeros) expect(z).toBeGreaterThan(0); // every image lost a box
    const noise = randomErasing({ p: 1, value: 'random' })(x, 3);
    expect(noise.shape).toEqual(x.shape);
    tf.dispose([x, a, b, noise]);
  });

  it('cutout sets a size x size box, clipped at the borders, to fill', async () => {
    const x = tf.ones([50, 9, 9, 1]) as tf.Tensor4D;
    const y = expectNoLeak(() => cutout({ size: 4, fill: 0.5 })(x, 1));
    const erased = await tf.sum(tf.cast(tf.equal(y, 0.5), 'float32'), [1, 2, 3]).data();
    for (const e of erased) {
      expect(e).toBeGreaterThanOrEqual(4); // at worst a 2 x 2 corner
      expect(e).toBeLessThanOrEqual(16);
    }
    expect(Array.from(erased)).toContain(16);
    tf.dispose([x, y]);
  });
});

it('randomErasing draws boxes with torchvision\'s area and ratio ranges', () => {
  const rng = new Rng(4);
  const areas: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const box = erasingBox(rng, 100, 100, [0.02, 0.33], [0.3, 3.3]);
    expect(box).toBeDefined();
    const [top, left, h, w] = box!;
    expect(top + h).toBeLessThanOrEqual(100);
    expect(left + w).toBeLessThanOrEqual(100);
    areas.push((h * w) / 1e4);
  }
  const mean = areas.reduce((s, v) => s + v, 0) / areas.length;
  // Mostly accepted (a box is rejected only when a side reaches 100): near uniform [0.02, 0.33], mean 0.175.
  expect(Math.abs(mean - 0.175)).toBeLessThan(0.015);
  expect(Math.min(...areas)).toBeGreaterThan(0.015);
});

it('randomErasing and cutout reject bad options', () => {
  expect(() => randomErasing({ p: 1.5 })).toThrow(/randomErasing: p must be in \[0, 1\], got 1.5/);
  expect(() => randomErasing({ scale: [0.5, 0.1] })).toThrow(/randomErasing: scale must be \[min, max\]/);
  expect(() => randomErasing({ value: 'noise' as 'random' })).toThrow(/randomErasing: value must be a number, one per channel, or 'random'/);
  expect(() => cutout({ size: -3 })).toThrow(/cutout: size must be a positive integer/);
  expect(() => cutout({ size: 3, p: -0.5 })).toThrow(/cutout: p must be in \[0, 1\]/);
});
