import { describe, expect, it } from 'vitest';
import { lambda, sample } from '../src/index.js';
import fx from './fixtures/lambda.json';
import { expectPure, expectSequenceClose } from './helpers.js';

// The fixture's Python lambdas, written in JavaScript.
const fns: Record<string, (t: number) => number> = {
  '0.95 ** t': (t) => 0.95 ** t,
  '1 / sqrt(t + 1)': (t) => 1 / Math.sqrt(t + 1),
};

describe('lambda', () => {
  for (const c of fx.cases) {
    it(`matches PyTorch ${c.torch}`, () => {
      const s = lambda(fns[c.options.fn] as (t: number) => number, { lr: c.options.lr });
      expectSequenceClose(sample(s, c.values.length), c.values);
    });
  }
  it('without lr, fn is the rate', () => {
    expect(lambda((t) => 0.1 / (t + 1))(1)).toBe(0.05);
  });
  it('is pure', () => expectPure(lambda((t) => 0.9 ** t, { lr: 2 }), 10));
  it('rejects bad options and values', () => {
    expect(() => lambda(3 as unknown as (t: number) => number)).toThrow(/lambda: fn must be a function/);
    expect(() => lambda((t) => t, { lr: 0 })).toThrow(/lambda: lr must be a finite number > 0/);
    expect(() => lambda(() => Number.NaN)(0)).toThrow(/lambda: fn\(0\) must return a number, got NaN/);
    expect(() => lambda((t) => t)(-1)).toThrow(RangeError);
  });
});
