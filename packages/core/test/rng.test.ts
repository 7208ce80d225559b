import { describe, expect, it } from 'vitest';
import { Rng, toRng, tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';

describe('Rng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('uses the high bits of large seeds', () => {
    expect(new Rng(2 ** 40).nextUint32()).not.toBe(new Rng(0).nextUint32());
    expect(new Rng(2 ** 40 + 1).nextUint32()).not.toBe(new Rng(1).nextUint32());
  });

  it('draws uniform floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Rng(1);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
      sq += x * x;
    }
    const mean = sum / n;
    expect(outside).toBe(0);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws integers in [min, max) covering every value', () => {
    const rng = new Rng(7);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(2, 8) - 2]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => rng.int(3, 3)).toThrow(/Rng.int: need integers min < max/);
  });

  it('splits into independent children and leaves the parent usable', () => {
    const parent = new Rng(5);
    const [a, b] = parent.split(2);
    const xa = Array.from({ length: 20 }, () => a!.nextUint32());
    const xb = Array.from({ length: 20 }, () => b!.nextUint32());
    expect(xa).not.toEqual(xb);
    const again = new Rng(5).split(2);
    expect(Array.from({ length: 20 }, () => again[0]!.nextUint32())).toEqual(xa);
    expect(parent.split()).toBeInstanceOf(Rng);
    expect(() => parent.split(-1)).toThrow(/Rng.split: n must be a non-negative integer/);
  });

  it('saves and restores its state exactly', () => {
    const rng = new Rng(9);
    rng.next();
    const state = JSON.parse(JSON.stringify(rng.getState()));
    const resumed = Rng.fromState(state);
    expect(Array.from({ length: 10 }, () => resumed.next())).toEqual(Array.from({ length: 10 }, () => rng.next()));
    expect(() => Rng.fromState({ algorithm: 'xoshiro128**', state: [0, 0, 0, 0] })).toThrow(/Rng.fromState/);
    expect(() => Rng.fromState({ algorithm: 'mt' } as never)).toThrow(/Rng.fromState/);
  });

  it('makes permutations and shuffles', () => {
    const p = new Rng(3).permutation(1000);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(new Rng(3).shuffle(['a', 'b', 'c', 'd']).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(() => new Rng(3).permutation(1.5)).toThrow(/permutation: n must be a non-negative integer/);
  });

  it('draws normals with mean 0 and std 1', () => {
    const rng = new Rng(11);
    const n = 100_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.gaussian();
      sum += x;
      sq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(sq / n) - 1)).toBeLessThan(0.02);
  });

  it('rejects bad seeds with a clear error', () => {
    expect(() => new Rng(1.5)).toThrow(/Rng: seed must be a safe integer, got 1.5/);
    expect(() => toRng('x' as never, 'mixup')).toThrow(/mixup: seed must be a safe integer or an Rng/);
    const rng = new Rng(1);
    expect(toRng(rng)).toBe(rng);
    expect(toRng(undefined)).toBeInstanceOf(Rng);
  });
});

describeBackends('Rng tensors', () => {
  it('gives identical tensors for the same seed and different ones for another seed', async () => {
    await expectNoLeak(async () => {
      const a = new Rng(1).uniform([64]);
      const b = new Rng(1).uniform([64]);
      const c = new Rng(2).uniform([64]);
      expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
      expect(Array.from(await a.data())).not.toEqual(Array.from(await c.data()));
      tf.dispose([a, b, c]);
    });
  });

  it('samples uniform, normal, truncated normal and bernoulli tensors with the asked-for statistics', async () => {
    await expectNoLeak(async () => {
      const rng = new Rng(123);
      const u = rng.uniform([20000], { min: -2, max: 4 });
      const n = rng.normal([20000], { mean: 1, std: 3 });
      const t = rng.truncatedNormal([20000], { std: 2 });
      const b = rng.bernoulli([20000], 0.3);
      const [uv, nv, tv, bv] = await Promise.all([u.data(), n.data(), t.data(), b.data()]);
      const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
      const std = (v: ArrayLike<number>) => {
        const m = mean(v);
        return Math.sqrt(mean(Array.from(v, (x) => (x - m) ** 2)));
      };
      expect(Math.min(...uv)).toBeGreaterThanOrEqual(-2);
      expect(Math.max(...uv)).toBeLessThan(4);
      expect(Math.abs(mean(uv) - 1)).toBeLessThan(0.05);
      expect(Math.abs(mean(nv) - 1)).toBeLessThan(0.08);
      expect(Math.abs(std(nv) - 3)).toBeLessThan(0.08);
      expect(Math.max(...Array.from(tv, Math.abs))).toBeLessThanOrEqual(4 + 1e-6);
      expect(Math.abs(mean(bv) - 0.3)).toBeLessThan(0.02);
      tf.dispose([u, n, t, b]);
    });
  });

  it('rejects bad tensor options', () => {
    const rng = new Rng(0);
    expect(() => rng.uniform([2], { min: 1, max: 1 })).toThrow(/Rng.uniform: min must be below max/);
    expect(() => rng.normal([2], { std: -1 })).toThrow(/Rng.normal: std must be >= 0/);
    expect(() => rng.bernoulli([2], 2)).toThrow(/Rng.bernoulli: p must be in \[0, 1\], got 2/);
    expect(() => rng.uniform([2.5])).toThrow(/shape must be an array of non-negative integers/);
  });
});
