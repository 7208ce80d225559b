import { describe, expect, it } from 'vitest';
import { cyclic, sample } from '../src/index.js';
import type { CyclicOptions } from '../src/index.js';
import fx from './fixtures/cyclic.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('cyclic', () => {
  for (const c of fx.cases as Case<CyclicOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(cyclic(c.options), c.values.length), c.values);
    });
  }
  it("accepts PyTorch's 'exp_range' spelling", () => {
    const a = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4, mode: 'exp_range', gamma: 0.9 });
    const b = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4, mode: 'expRange', gamma: 0.9 });
    expect(sample(a, 20)).toEqual(sample(b, 20));
  });
  it('takes a custom scaleFn', () => {
    const a = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4, scaleFn: (x) => 1 / 2 ** (x - 1) });
    const b = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4, mode: 'triangular2' });
    expect(sample(a, 30)).toEqual(sample(b, 30));
  });
  it('is pure', () => expectPure(cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'triangular2' }), 30));
  it('rejects bad options', () => {
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, mode: 'sawtooth' as 'triangular' })).toThrow(
      /cyclic: mode must be one of 'triangular', 'triangular2', 'expRange', 'exp_range', got 'sawtooth'/,
    );
    expect(() => cyclic({ baseLr: 0, maxLr: 0.1 })).toThrow(/cyclic: baseLr must be a finite number > 0, got 0/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, mode: 'expRange', gamma: 1.5 })).toThrow(/gamma must be in \(0, 1\]/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 })).toThrow(/stepSizeUp must be a finite number > 0/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, scaleFn: (x) => x, scaleMode: 'epoch' as 'cycle' })).toThrow(/scaleMode/);
  });
});
