import { describe, expect, it } from 'vitest';
import { cosineAnnealing, sample } from '../src/index.js';
import type { CosineAnnealingOptions } from '../src/index.js';
import fx from './fixtures/cosine-annealing.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('cosineAnnealing', () => {
  for (const c of fx.cases as Case<CosineAnnealingOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)} over ${c.values.length} steps (past tMax)`, () => {
      expectSequenceClose(sample(cosineAnnealing(c.options), c.values.length), c.values);
    });
  }
  it('goes back up past tMax, as PyTorch does', () => {
    const s = cosineAnnealing({ lr: 1, tMax: 10 });
    expect(s(10)).toBe(0);
    expect(s(20)).toBeCloseTo(1, 12);
    expect(s(15)).toBeCloseTo(0.5, 12);
  });
  it('is pure, whatever order the steps are asked in', () => expectPure(cosineAnnealing({ lr: 0.1, tMax: 7, etaMin: 0.01 }), 40));
  it('uses the closed form far out', () => {
    const s = cosineAnnealing({ lr: 1, tMax: 4 });
    expect(s(2 ** 21)).toBeCloseTo(1, 12);
  });
  it('rejects bad options', () => {
    expect(() => cosineAnnealing({ lr: 0.1, tMax: 0 })).toThrow(/cosineAnnealing: tMax must be an integer >= 1, got 0/);
    expect(() => cosineAnnealing({ lr: 0.1, tMax: 2.5 })).toThrow(RangeError);
    expect(() => cosineAnnealing({ lr: 0, tMax: 10 })).toThrow(/lr must be/);
    expect(() => cosineAnnealing({ lr: 0.1, tMax: 10, etaMin: -1 })).toThrow(/etaMin must be a finite number >= 0/);
  });
});
