import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { batchSizeSweep, evaluate, lrRangeTest, search } from '../src/index.js';
import { mlp, sgdFor, toyData } from './support.js';

describe('lrRangeTest', () => {
  it('sweeps the rate exponentially, stops on divergence, suggests a rate, restores the model', async () => {
    const data = toyData(64);
    const model = mlp(1, 4, 3, 16);
    const optimizer = sgdFor(model, 0.01);
    const before = await evaluate(model, data);
    const r = await expectNoLeak(() => lrRangeTest({ model, optimizer, data, minLr: 1e-4, maxLr: 100, steps: 120, batchSize: 16, rng: 0 }));
    expect(r.lrs[0]).toBeCloseTo(1e-4, 12);
    expect(r.lrs[1]! / r.lrs[0]!).toBeCloseTo(Math.pow(1e6, 1 / 119), 9);
    expect(r.diverged).toBe(true);
    expect(r.losses.length).toBeLessThan(120);
    expect(r.suggestedLr).toBeGreaterThan(1e-4);
    expect(r.suggestedLr).toBeLessThan(10);
    expect(r.suggestedLr).toBeCloseTo(r.minLossLr / 10, 12);
    expect(optimizer.getLearningRate()).toBe(0.01);
    expect(optimizer.steps).toBe(0);
    expect((await evaluate(model, data)).loss).toBe(before.loss);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});

describe('search', () => {
  it('grid search tries every combination and keeps the best', async () => {
    const seen: unknown[] = [];
    const r = await search<{ a: number; b: number }>({ space: { a: [1, 2], b: [10, 20] }, strategy: 'grid', trial: ({ a, b }) => (seen.push([a, b]), Math.abs(a * b - 20)) });
    expect(seen).toEqual([[1, 10], [1, 20], [2, 10], [2, 20]]);
    expect(r.best!.params).toEqual({ a: 1, b: 20 });
  });

  it('random search samples ranges within the budget, seeded', async () => {
    const run = () => search({ space: { lr: { min: 1e-4, max: 1, log: true }, units: { min: 8, max: 64, integer: true } }, budget: 7, seed: 3, trial: ({ lr }) => Math.abs(Math.log10(lr as number) + 2) });
    const a = await run();
    expect(a.trials).toHaveLength(7);
    for (const t of a.trials) {
      expect(t.params.lr).toBeGreaterThanOrEqual(1e-4);
      expect(t.params.lr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(t.params.units)).toBe(true);
    }
    expect((await run()).trials.map((t) => t.params)).toEqual(a.trials.map((t) => t.params));
  });

  it('divides the learning rate by 3 when a trial diverges (seed 004)', async () => {
    const r = await search<{ lr: number }>({ space: { lr: [1] }, strategy: 'grid', budget: 10, onDivergence: {}, trial: ({ lr }) => (lr > 0.05 ? NaN : lr) });
    expect(r.trials.map((t) => t.params.lr)).toEqual([1, 1 / 3, 1 / 9, 1 / 27]);
    expect(r.trials.map((t) => t.diverged)).toEqual([true, true, true, false]);
    expect(r.best!.params.lr).toBe(1 / 27);
    await expect(search({ space: { lr: { min: 0, max: 1 } }, strategy: 'grid', trial: () => 0 })).rejects.toThrow(/grid search needs a list of values for space.lr/);
  });
});

describe('batchSizeSweep', () => {
  it('runs one fit per batch size and reports throughput and loss', async () => {
    const data = toyData(32);
    const rows = await expectNoLeak(() =>
      batchSizeSweep({
        sizes: [4, 16],
        setup: () => {
          const model = mlp();
          return { model, optimizer: sgdFor(model, 0.05), data, epochs: 2, rng: 0 };
        },
      }),
    );
    expect(rows.map((r) => [r.batchSize, r.steps])).toEqual([[4, 16], [16, 4]]);
    for (const r of rows) expect(r.samplesPerSecond).toBeGreaterThan(0);
    await expect(batchSizeSweep({ sizes: [0], setup: () => ({}) as never })).rejects.toThrow(/sizes must be a non-empty list of integers >= 1/);
    tf.dispose([data.x, data.y]);
  });
});
