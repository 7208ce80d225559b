import { describe, expect, it } from 'vitest';
import { inverseTime, sample } from '../src/index.js';
import type { InverseTimeOptions } from '../src/index.js';
import fx from './fixtures/inverse-time.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('inverseTime', () => {
  for (const c of fx.cases as Case<InverseTimeOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(inverseTime(c.options), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(inverseTime({ lr: 0.1, k: 0.5 }), 10));
  it('rejects bad options', () => {
    expect(() => inverseTime({ lr: 0, k: 1 })).toThrow(/inverseTime: lr must be a finite number > 0, got 0/);
    expect(() => inverseTime({ lr: 0.1, k: -1 })).toThrow(/inverseTime: k must be a finite number >= 0, got -1/);
  });
});
