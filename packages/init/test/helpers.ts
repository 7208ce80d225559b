import type { tf } from '@dl/core';

/** Mean, population std, min and max of a tensor, accumulated in float64. */
export async function moments(t: tf.Tensor): Promise<{ mean: number; std: number; min: number; max: number; n: number }> {
  const d = await t.data();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    s += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = s / d.length;
  let s2 = 0;
  for (let i = 0; i < d.length; i++) s2 += (d[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(s2 / d.length), min, max, n: d.length };
}

/** Float32 view of a float64 bound (what a float32 sample is compared against). */
export const f32 = (x: number): number => Math.fround(x);

import { expect, it } from 'vitest';
import { Rng } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import fx from './fixtures/init.json';

type Init = (shape: number[], options?: any) => tf.Tensor; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * PyTorch's 1e6-element sample cases for `name`: our sample's mean and std within 1% of the
 * target (for a zero mean: |mean| < 1% of the target std), and within the bound where there is one.
 */
export function sampleTests(name: string, init: Init): void {
  const cases = fx.samples.filter((s) => s.name === name);
  it(`has PyTorch sample cases for ${name}`, () => expect(cases.length).toBeGreaterThan(0));
  cases.forEach((c, k) => {
    it(`${name} ${JSON.stringify(c.shape)} ${JSON.stringify(c.options)}: 1e6 samples have the target mean and std (1%)`, async () => {
      const t = expectNoLeak(() => init(c.shape, { ...c.options, seed: 100 + k }));
      const m = await moments(t);
      t.dispose();
      expect(m.n).toBe(1_000_000);
      expect(Math.abs(m.mean - c.targetMean)).toBeLessThan(0.01 * c.targetStd);
      expect(Math.abs(m.std - c.targetStd)).toBeLessThan(0.01 * c.targetStd);
      // PyTorch's own sample meets the same target.
      expect(Math.abs(c.torchStd - c.targetStd)).toBeLessThan(0.01 * c.targetStd);
      if (c.bound !== null) {
        expect(m.max).toBeLessThanOrEqual(f32(c.bound));
        expect(m.min).toBeGreaterThanOrEqual(-f32(c.bound));
      }
    });
  });
}

/** Same seed → same tensor; different seeds → different tensors; an Rng advances. */
export function seedTests(name: string, init: Init, shape: number[] = [16, 8], options: object = {}): void {
  it(`${name}: the same seed gives the same tensor, another seed another`, async () => {
    const a = init(shape, { ...options, seed: 7 });
    const b = init(shape, { ...options, seed: 7 });
    const c = init(shape, { ...options, seed: 8 });
    const rng = new Rng(7);
    const d = init(shape, { ...options, seed: rng });
    const e = init(shape, { ...options, seed: rng });
    const [va, vb, vc, vd, ve] = await Promise.all([a, b, c, d, e].map((t) => t.data()));
    expect(Array.from(vb!)).toEqual(Array.from(va!));
    expect(Array.from(vc!)).not.toEqual(Array.from(va!));
    expect(Array.from(vd!)).toEqual(Array.from(va!));
    expect(Array.from(ve!)).not.toEqual(Array.from(vd!));
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual(shape);
    [a, b, c, d, e].forEach((t) => t.dispose());
  });
}
