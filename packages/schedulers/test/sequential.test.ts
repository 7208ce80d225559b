import { describe, expect, it } from 'vitest';
import { constant, cosineAnnealing, exponential, join, linear, multiStep, polynomial, sample, sequential, stepDecay } from '../src/index.js';
import type { Schedule } from '../src/index.js';
import fx from './fixtures/sequential.json';
import { expectPure, expectSequenceClose } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const byName: Record<string, (o: any) => Schedule> = { constant, cosineAnnealing, exponential, linear, multiStep, polynomial, stepDecay };

describe('sequential', () => {
  for (const c of fx.cases) {
    it(`matches PyTorch ${c.torch}`, () => {
      const parts = c.options.schedules.map((s) => (byName[s.name] as (o: unknown) => Schedule)(s.options));
      expectSequenceClose(sample(sequential(parts, c.options.milestones), c.values.length), c.values);
      expectSequenceClose(sample(join(parts, c.options.milestones), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(sequential([linear({ lr: 0.1 }), cosineAnnealing({ lr: 0.1, tMax: 5 })], [5]), 20));
  it('rejects bad options', () => {
    const a = linear({ lr: 0.1 });
    const b = exponential({ lr: 0.1, gamma: 0.9 });
    expect(() => sequential([a, b], [5, 6])).toThrow(/sequential: expected 1 milestones for 2 schedules, got 2/);
    expect(() => sequential([a, b, a], [5, 3])).toThrow(/sequential: milestones must be strictly increasing, got \[5,3\]/);
    expect(() => sequential([a, b], [0])).toThrow(/milestones\[0\] must be an integer >= 1/);
    expect(() => sequential([], [])).toThrow(TypeError);
  });
});
