import { describe, expect, it } from 'vitest';
import { bengio, sample } from '../src/index.js';
import type { BengioOptions } from '../src/index.js';
import fx from './fixtures/bengio.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('bengio', () => {
  for (const c of fx.cases as Case<BengioOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(bengio(c.options), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(bengio({ lr: 0.1, tau: 3 }), 10));
  it('rejects bad options', () => {
    expect(() => bengio({ lr: 0.1, tau: 0 })).toThrow(/bengio: tau must be a finite number > 0, got 0/);
    expect(() => bengio({ lr: -1, tau: 2 })).toThrow(RangeError);
  });
});
