import { describe, expect, it } from 'vitest';
import { constant, cosineAnnealing, exponential, linear, multiStep, polynomial, sample, stepDecay, warmup } from '../src/index.js';
import type { Schedule, WarmupOptions } from '../src/index.js';
import fx from './fixtures/warmup.json';
import { expectPure, expectSequenceClose } from './helpers.js';

// Builds the schedule a fixture names, with the fixture's options.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const byName: Record<string, (o: any) => Schedule> = { constant, cosineAnnealing, exponential, linear, multiStep, polynomial, stepDecay };

describe('warmup', () => {
  for (const c of fx.cases) {
    it(`matches PyTorch ${c.torch} into ${c.inner.name} ${JSON.stringify(c.options)}`, () => {
      const inner = (byName[c.inner.name] as (o: unknown) => Schedule)(c.inner.options);
      expectSequenceClose(sample(warmup(inner, c.options as WarmupOptions), c.values.length), c.values);
    });
  }
  it('README: linear warm-up into cosine annealing', () => {
    const lr = warmup(cosineAnnealing({ lr: 0.1, tMax: 95 }), { steps: 5, startFactor: 0.1 });
    expect(lr(0)).toBeCloseTo(0.01, 15);
    expect(lr(5)).toBe(0.1);
  });
  it('is pure', () => expectPure(warmup(exponential({ lr: 0.1, gamma: 0.9 }), { steps: 4 }), 12));
  it('rejects bad options', () => {
    const s = exponential({ lr: 0.1, gamma: 0.9 });
    expect(() => warmup(s, { steps: 0 })).toThrow(/warmup: steps must be an integer >= 1, got 0/);
    expect(() => warmup(s, { steps: 3, startFactor: 0 })).toThrow(/warmup: startFactor must be in \(0, 1\]/);
    expect(() => warmup(s, { steps: 3, mode: 'cosine' as 'linear' })).toThrow(/warmup: mode must be one of 'linear', 'constant', 'exponential'/);
    expect(() => warmup(s, { steps: 3, lr: 0 })).toThrow(/warmup: lr must be/);
    expect(() => warmup(0.1 as unknown as Schedule, { steps: 3 })).toThrow(TypeError);
  });
});
