import { describe, expect, it } from 'vitest';
import { multiplicative, sample } from '../src/index.js';
import fx from './fixtures/multiplicative.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import { pythonFns as factorFns } from './schedule-specs.js';

describe('multiplicative', () => {
  for (const c of fx.cases) {
    it(`matches PyTorch ${c.torch} over ${c.values.length} steps`, () => {
      const s = multiplicative(factorFns[c.options.fn] as (t: number) => number, { lr: c.options.lr });
      expectSequenceClose(sample(s, c.values.length), c.values);
    });
  }
  it('gives the same values in any order of steps, across checkpoints', () => {
    const c = fx.cases[4] as (typeof fx.cases)[number];
    const s = multiplicative(factorFns[c.options.fn] as (t: number) => number, { lr: c.options.lr });
    const steps = [2500, 3, 1024, 1023, 2049, 0, 2599, 1500, 1500, 1];
    expectSequenceClose(
      steps.map((t) => s(t)),
      steps.map((t) => c.values[t] as number),
    );
  });
  it('calls fn with steps 1..t, once each going forward', () => {
    const seen: number[] = [];
    const s = multiplicative((t) => (seen.push(t), 0.5), { lr: 1 });
    expect(sample(s, 4)).toEqual([1, 0.5, 0.25, 0.125]);
    expect(seen).toEqual([1, 2, 3]);
  });
  it('is pure', () => expectPure(multiplicative((t) => 1 - 0.01 * t, { lr: 0.3 }), 50));
  it('rejects bad options and factors', () => {
    expect(() => multiplicative(0.95 as unknown as (t: number) => number, { lr: 0.1 })).toThrow(/multiplicative: fn must be a function/);
    expect(() => multiplicative(() => 0.9, { lr: 0 })).toThrow(/multiplicative: lr must be a finite number > 0, got 0/);
    expect(() => multiplicative(() => 0.9, undefined as unknown as { lr: number })).toThrow(/multiplicative: expected an options object/);
    expect(() => multiplicative(() => -1, { lr: 0.1 })(1)).toThrow(/multiplicative: fn\(1\) must return a finite number >= 0, got -1/);
    expect(() => multiplicative(() => Number.NaN, { lr: 0.1 })(2)).toThrow(/multiplicative: fn\(1\) must return a number, got NaN/);
    expect(() => multiplicative(() => 0.9, { lr: 0.1 })(1.5)).toThrow(/multiplicative: step must be an integer >= 0/);
  });
});
