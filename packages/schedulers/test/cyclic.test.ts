import { scaleSchedule } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { cyclic, sample } from '../src/index.js';
import type { CyclicOptions, MomentumSchedule, Schedule } from '../src/index.js';
import fx from './fixtures/cyclic.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

type CyclicCase = Case<CyclicOptions> & { momentum: number[] };

describe('cyclic', () => {
  for (const c of fx.cases as CyclicCase[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}, lr and momentum`, () => {
      const s = cyclic(c.options);
      expectSequenceClose(sample(s, c.values.length), c.values);
      if (c.options.cycleMomentum === false) {
        expect(s.momentum).toBeUndefined();
        expect(new Set(c.momentum)).toEqual(new Set([0.9])); // PyTorch leaves SGD's momentum alone
      } else {
        expectSequenceClose(sample(s.momentum as Schedule, c.momentum.length), c.momentum);
      }
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
    expect(sample(a.momentum as Schedule, 30)).toEqual(sample(b.momentum as Schedule, 30));
  });
  it('cycles momentum inversely to the rate by default: maxMomentum at baseLr, baseMomentum at maxLr', () => {
    const s = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
    const m = s.momentum as Schedule;
    expect(m(0)).toBe(0.9);
    expect(m(4)).toBeCloseTo(0.8, 15);
    expect(m(8)).toBe(0.9);
  });
  it('momentum is read-only and survives scaleSchedule unscaled', () => {
    const s = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 5, mode: 'triangular2' });
    expect(() => {
      (s as { momentum?: Schedule }).momentum = () => 0;
    }).toThrow(TypeError);
    const g = scaleSchedule(s, 0.1) as MomentumSchedule;
    expect(sample(g.momentum as Schedule, 30)).toEqual(sample(s.momentum as Schedule, 30));
    expectSequenceClose(sample(g, 30), sample(s, 30).map((v) => v * 0.1));
  });
  it('is pure', () => {
    const s = cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'triangular2' });
    expectPure(s, 30);
    expectPure(s.momentum as Schedule, 30);
  });
  it('rejects bad options', () => {
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, mode: 'sawtooth' as 'triangular' })).toThrow(
      /cyclic: mode must be one of 'triangular', 'triangular2', 'expRange', 'exp_range', got 'sawtooth'/,
    );
    expect(() => cyclic({ baseLr: 0, maxLr: 0.1 })).toThrow(/cyclic: baseLr must be a finite number > 0, got 0/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, mode: 'expRange', gamma: 0 })).toThrow(/cyclic: gamma must be a finite number > 0, got 0/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 })).toThrow(/stepSizeUp must be a finite number > 0/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, scaleFn: (x) => x, scaleMode: 'epoch' as 'cycle' })).toThrow(/scaleMode/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, cycleMomentum: 'yes' as unknown as boolean })).toThrow(/cyclic: cycleMomentum must be a boolean, got 'yes'/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, baseMomentum: 1 })).toThrow(/cyclic: baseMomentum must be in \[0, 1\), got 1/);
    expect(() => cyclic({ baseLr: 0.01, maxLr: 0.1, maxMomentum: -0.1 })).toThrow(/cyclic: maxMomentum must be in \[0, 1\)/);
  });
});
