import { describe, expect, it } from 'vitest';
import { oneCycle, sample } from '../src/index.js';
import type { OneCycleOptions } from '../src/index.js';
import fx from './fixtures/one-cycle.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('oneCycle', () => {
  for (const c of fx.cases as Case<OneCycleOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(oneCycle(c.options), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(oneCycle({ maxLr: 0.1, totalSteps: 30, threePhase: true }), 31));
  it('throws past totalSteps, as PyTorch does', () => {
    const s = oneCycle({ maxLr: 0.1, totalSteps: 10 });
    expect(() => s(10)).not.toThrow();
    expect(() => s(11)).toThrow(/oneCycle: step 11 is past totalSteps 10/);
  });
  it('rejects bad options', () => {
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, pctStart: 0 })).toThrow(/oneCycle: pctStart must be in \(0, 1\), got 0/);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, pctStart: 1 })).toThrow(RangeError);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, annealStrategy: 'cosine' as 'cos' })).toThrow(
      /oneCycle: annealStrategy must be one of 'cos', 'linear', got 'cosine'/,
    );
    expect(() => oneCycle({ maxLr: 0, totalSteps: 10 })).toThrow(/maxLr must be a finite number > 0/);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 0 })).toThrow(/totalSteps must be an integer >= 1/);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, pctStart: 0.1 })).toThrow(/zero length/);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, divFactor: 0 })).toThrow(RangeError);
  });
});
