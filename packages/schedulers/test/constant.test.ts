import { describe, expect, it } from 'vitest';
import { constant, sample } from '../src/index.js';
import type { ConstantOptions } from '../src/index.js';
import fx from './fixtures/constant.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('constant', () => {
  for (const c of fx.cases as Case<ConstantOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(constant(c.options), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(constant({ lr: 0.1, factor: 0.5, totalIters: 3 }), 10));
  it('rejects bad options', () => {
    expect(() => constant({ lr: 0 })).toThrow(/constant: lr must be a finite number > 0, got 0/);
    expect(() => constant({ lr: 0.1, factor: 0 })).toThrow(/constant: factor must be in \(0, 1\], got 0/);
    expect(() => constant({ lr: 0.1, factor: 1.5 })).toThrow(RangeError);
    expect(() => constant({ lr: 0.1, totalIters: 0 })).toThrow(/totalIters must be an integer >= 1/);
    expect(() => constant({ lr: 0.1 })(-1)).toThrow(/constant: step must be an integer >= 0, got -1/);
    expect(() => constant({ lr: 0.1 })(1.5)).toThrow(RangeError);
  });
});
