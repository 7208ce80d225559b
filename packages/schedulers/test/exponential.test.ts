import { describe, expect, it } from 'vitest';
import { exponential, sample } from '../src/index.js';
import type { ExponentialOptions } from '../src/index.js';
import fx from './fixtures/exponential.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('exponential', () => {
  for (const c of fx.cases as Case<ExponentialOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(exponential(c.options), c.values.length), c.values);
    });
  }
  it('alpha is the percent form of gamma', () => {
    expect(exponential({ lr: 1, alpha: 10 })(2)).toBeCloseTo(0.81, 15);
  });
  it('accepts gamma > 1, as PyTorch does', () => {
    expect(exponential({ lr: 1, gamma: 1.5 })(2)).toBe(2.25);
  });
  it('is pure', () => expectPure(exponential({ lr: 0.1, gamma: 0.9 }), 10));
  it('rejects bad options', () => {
    expect(() => exponential({ lr: 0.1, gamma: -0.5 })).toThrow(/exponential: gamma must be a finite number > 0, got -0.5/);
    expect(() => exponential({ lr: 0.1, gamma: 0 })).toThrow(RangeError);
    expect(() => exponential({ lr: 0.1, alpha: 100 })).toThrow(/exponential: alpha must be in \[0, 100\), got 100/);
    expect(() => exponential({ lr: 0.1 })).toThrow(/give exactly one of gamma and alpha/);
    expect(() => exponential({ lr: 0.1, gamma: 0.9, alpha: 5 })).toThrow(TypeError);
    expect(() => exponential({ lr: Number.POSITIVE_INFINITY, gamma: 0.9 })).toThrow(/lr must be a finite number > 0/);
  });
});
