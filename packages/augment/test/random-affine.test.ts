import { describe, it, expect } from 'vitest';
import { tf, Rng } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { affine, randomAffine } from '../src/index.js';
import { affineParams } from '../src/random-affine.js';

describe('randomAffine (on the first backend under test)', () => {
  it('equals affine with the drawn parameters, deterministic per seed', async () => {
    const x = tf.randomUniform([3, 7, 8, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const t = randomAffine({ degrees: 20, translate: [0.1, 0.2], scale: [0.9, 1.1], shear: [-5, 5, -3, 3] });
    const a = expectNoLeak(() => t(x, 21));
    const b = t(x, 21);
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    // The same draws, replayed: parameters first, then the applied flags.
    const rng = new Rng(21);
    const ps = [0, 1, 2].map(() => affineParams(rng, 7, 8, [-20, 20], [0.1, 0.2], [0.9, 1.1], [-5, 5, -3, 3]));
    const c = affine(x, { angle: ps.map((p) => p.angle), translate: ps.map((p) => p.translate), scale: ps.map((p) => p.scale), shear: ps.map((p) => p.shear), fill: 0 });
    await expectTensorsClose(a, c, { rtol: 0, atol: 0 });
    tf.dispose([x, a, b, c]);
  });
});

it('randomAffine draws parameters in the configured ranges (torchvision get_params)', () => {
  const rng = new Rng(3);
  const n = 4000;
  const ps = Array.from({ length: n }, () => affineParams(rng, 20, 30, [-10, 30], [0.1, 0.2], [0.8, 1.2], [-6, 6]));
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const angles = ps.map((p) => p.angle);
  // Uniform on [-10, 30]: mean 10, sd 40 / sqrt(12).
  expect(Math.abs(mean(angles) - 10)).toBeLessThan((4 * 40) / Math.sqrt(12 * n));
  expect(Math.min(...angles)).toBeGreaterThanOrEqual(-10);
  expect(Math.max(...angles)).toBeLessThan(30);
  // Translations: integers, |tx| <= 0.1 * 30 = 3, |ty| <= 0.2 * 20 = 4, all values reached.
  expect(new Set(ps.map((p) => p.translate[0]))).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
  expect(Math.max(...ps.map((p) => Math.abs(p.translate[1])))).toBe(4);
  expect(Math.abs(mean(ps.map((p) => p.scale)) - 1)).toBeLessThan((4 * 0.4) / Math.sqrt(12 * n));
  expect(ps.every((p) => p.shear[1] === 0 && Math.abs(p.shear[0]) <= 6)).toBe(true);
});

it('randomAffine rejects bad options', () => {
  expect(() => randomAffine({ degrees: -5 })).toThrow(/randomAffine: degrees must be a finite number >= 0/);
  expect(() => randomAffine({ degrees: 5, translate: [1.5, 0] })).toThrow(/randomAffine: translate must be \[a, b\] with both in \[0, 1\]/);
  expect(() => randomAffine({ degrees: 5, scale: [0, 1] })).toThrow(/randomAffine: scale/);
  expect(() => randomAffine({ degrees: 5, shear: [1, 2, 3] })).toThrow(/randomAffine: shear must be/);
  expect(() => randomAffine({ degrees: 5, p: -1 })).toThrow(/randomAffine: p must be in \[0, 1\]/);
});
