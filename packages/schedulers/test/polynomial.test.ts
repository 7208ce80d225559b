import { describe, expect, it } from 'vitest';
import { polynomial, sample } from '../src/index.js';
import type { PolynomialOptions } from '../src/index.js';
import fx from './fixtures/polynomial.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('polynomial', () => {
  for (const c of fx.cases as Case<PolynomialOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(polynomial(c.options), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(polynomial({ lr: 0.1, totalIters: 8, power: 2 }), 12));
  it('rejects bad options', () => {
    expect(() => polynomial({ lr: 0.1, totalIters: 0 })).toThrow(/polynomial: totalIters must be an integer >= 1, got 0/);
    expect(() => polynomial({ lr: 0.1, power: 0 })).toThrow(/polynomial: power must be a finite number > 0/);
    expect(() => polynomial({ lr: -2 })).toThrow(RangeError);
  });
});
