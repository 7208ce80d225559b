import { describe, expect, it } from 'vitest';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { truncatedNormal } from '../src/index.js';
import fx from './fixtures/init.json';
import { f32, moments, sampleTests, seedTests } from './helpers.js';

const ratio = fx.samples.find((s) => s.name === 'truncatedNormal' && s.bound === 0.2)!.targetStd / 0.1;

describeBackends('truncatedNormal', () => {
  sampleTests('truncatedNormal', truncatedNormal);
  seedTests('truncatedNormal', truncatedNormal, [1000], { std: 0.02 });

  it('stays within 2 std of the mean by default (TF.js), for any std', async () => {
    for (const [mean, std] of [[0, 0.02], [3, 5], [-1, 1]] as const) {
      const t = expectNoLeak(() => truncatedNormal([100_000], { mean, std, seed: 4 }));
      const m = await moments(t);
      t.dispose();
      expect(m.min).toBeGreaterThanOrEqual(f32(mean - 2 * std));
      expect(m.max).toBeLessThanOrEqual(f32(mean + 2 * std));
      // Truncation at ±2σ leaves 0.8796σ (closed form, from the fixture's σ = 0.1 case).
      expect(Math.abs(m.std - ratio * std)).toBeLessThan(0.01 * ratio * std);
    }
  });

  it("takes PyTorch's absolute a, b, even far in a tail", async () => {
    const t = truncatedNormal([20_000], { a: 3, b: 4, seed: 1 });
    const u = truncatedNormal([20_000], { a: -Infinity, b: -5, seed: 1 });
    const [mt, mu] = [await moments(t), await moments(u)];
    t.dispose();
    u.dispose();
    expect(mt.min).toBeGreaterThanOrEqual(3);
    expect(mt.max).toBeLessThanOrEqual(4);
    expect(mu.max).toBeLessThanOrEqual(-5);
    // E[z | z > 5] = φ(5)/(1-Φ(5)) ≈ 5.1865 (Mills ratio).
    expect(Math.abs(mu.mean + 5.1865)).toBeLessThan(0.01);
  });
});

describe('truncatedNormal options', () => {
  it('throws on a bad std or bounds', () => {
    expect(() => truncatedNormal([3], { std: 0 })).toThrow(/truncatedNormal: std must be > 0, got 0/);
    expect(() => truncatedNormal([3], { a: 1, b: 1 })).toThrow(/truncatedNormal: a must be below b, got a 1, b 1/);
    expect(() => truncatedNormal([3], { a: Number.NaN })).toThrow(/truncatedNormal: a must be a number/);
  });
});
