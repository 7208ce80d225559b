import { describe, expect, it } from 'vitest';
import { linear, sample } from '../src/index.js';
import type { LinearOptions } from '../src/index.js';
import fx from './fixtures/linear.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('linear', () => {
  for (const c of fx.cases as Case<LinearOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(linear(c.options), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(linear({ lr: 0.1 }), 10));
  it('rejects bad options', () => {
    expect(() => linear({ lr: 0.1, startFactor: 0 })).toThrow(/linear: startFactor must be in \(0, 1\], got 0/);
    expect(() => linear({ lr: 0.1, endFactor: 1.1 })).toThrow(/linear: endFactor must be in \[0, 1\], got 1.1/);
    expect(() => linear({ lr: 0.1, totalIters: 0 })).toThrow(RangeError);
    expect(() => linear({ lr: 0 })).toThrow(RangeError);
  });
});
