import { describe, it, expect } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { adjustBrightness, adjustContrast, colorJitter } from '../src/index.js';

describe('colorJitter (on the first backend under test)', () => {
  it('is deterministic per seed and keeps values in [0, 1]', async () => {
    const x = tf.randomUniform([4, 6, 5, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const t = colorJitter({ brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 });
    const a = expectNoLeak(() => t(x, 9));
    const b = t(x, 9);
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    expect((await a.min().data())[0]).toBeGreaterThanOrEqual(0);
    expect((await a.max().data())[0]).toBeLessThanOrEqual(1);
    tf.dispose([x, a, b]);
  });

  it('with only brightness equals adjustBrightness with the drawn factors', async () => {
    const x = tf.fill([3, 2, 2, 1], 0.25) as tf.Tensor4D;
    const y = colorJitter({ brightness: 0.5 })(x, 1);
    const factors = Array.from(await y.data()).filter((_, i) => i % 4 === 0).map((v) => v / 0.25);
    const z = adjustBrightness(x, factors);
    await expectTensorsClose(y, z, { rtol: 1e-6, atol: 1e-7 });
    const c = adjustContrast(x, 2); // a flat image has no contrast to change
    await expectTensorsClose(c, x, { rtol: 1e-6, atol: 1e-7 });
    tf.dispose([x, y, z, c]);
  });
});

it('colorJitter draws brightness factors uniformly in [1 - b, 1 + b]', async () => {
  const n = 4000;
  const x = tf.fill([n, 1, 1, 1], 0.25) as tf.Tensor4D;
  const y = colorJitter({ brightness: 0.6 })(x, 2);
  const f = Array.from(await y.data(), (v) => v / 0.25);
  const mean = f.reduce((s, v) => s + v, 0) / n;
  const variance = f.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  // Uniform on [0.4, 1.6]: mean 1, variance 1.2^2 / 12 = 0.12; 4 standard errors.
  expect(Math.abs(mean - 1)).toBeLessThan(4 * Math.sqrt(0.12 / n));
  expect(Math.abs(variance - 0.12)).toBeLessThan(0.012);
  expect(Math.min(...f)).toBeGreaterThanOrEqual(0.4 - 1e-6);
  expect(Math.max(...f)).toBeLessThanOrEqual(1.6 + 1e-6);
  tf.dispose([x, y]);
});

it('colorJitter applies to a fraction p of the images', async () => {
  const n = 2000;
  const x = tf.fill([n, 1, 1, 1], 0.5) as tf.Tensor4D;
  const y = colorJitter({ brightness: [0, 0], p: 0.3 })(x, 3); // factor 0: applied images turn black
  const black = Array.from(await y.data()).filter((v) => v === 0).length;
  expect(Math.abs(black / n - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / n));
  tf.dispose([x, y]);
});

it('colorJitter rejects bad options before making tensors', () => {
  expect(() => colorJitter({ brightness: -0.1 })).toThrow(/colorJitter: brightness must be a finite number >= 0, got -0.1/);
  expect(() => colorJitter({ hue: 0.7 })).toThrow(/colorJitter: hue must be in \[0, 0.5\], got 0.7/);
  expect(() => colorJitter({ contrast: [1.5, 0.5] })).toThrow(/colorJitter: contrast must be \[min, max\]/);
  expect(() => colorJitter({ p: 1.2 })).toThrow(/colorJitter: p must be in \[0, 1\], got 1.2/);
  const x = tf.zeros([1, 2, 2, 2]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  expect(() => colorJitter({ brightness: 0.2 })(x, 1)).toThrow(/colorJitter: images must have 1 or 3 channels, got 2/);
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});
