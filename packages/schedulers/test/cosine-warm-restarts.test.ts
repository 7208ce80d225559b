import { describe, expect, it } from 'vitest';
import { cosineWarmRestarts, perEpochFractional, sample } from '../src/index.js';
import type { CosineWarmRestartsOptions } from '../src/index.js';
import fx from './fixtures/cosine-warm-restarts.json';
import fxFrac from './fixtures/cosine-warm-restarts-fractional.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('cosineWarmRestarts', () => {
  for (const c of fx.cases as Case<CosineWarmRestartsOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(cosineWarmRestarts(c.options), c.values.length), c.values);
    });
  }
  for (const c of fxFrac.cases) {
    it(`matches PyTorch scheduler.step(epoch + i / iters) ${JSON.stringify(c.options)}, ${c.stepsPerEpoch} batches per epoch`, () => {
      const s = cosineWarmRestarts(c.options);
      expectSequenceClose(sample(s, c.epochs), c.values);
      // The same values through perEpochFractional, indexed by the optimizer's update count.
      expectSequenceClose(sample(perEpochFractional(s, c.stepsPerEpoch), c.values.length), c.values);
    });
  }
  it('is pure', () => expectPure(cosineWarmRestarts({ lr: 0.1, t0: 3, tMult: 2 }), 40));
  it('rejects bad options', () => {
    expect(() => cosineWarmRestarts({ lr: 0.1, t0: 0 })).toThrow(/cosineWarmRestarts: t0 must be an integer >= 1, got 0/);
    expect(() => cosineWarmRestarts({ lr: 0.1, t0: 5, tMult: 1.5 })).toThrow(/tMult must be an integer >= 1, got 1.5/);
    expect(() => cosineWarmRestarts({ lr: 0.1, t0: 5 })(-0.5)).toThrow(/step must be a finite number >= 0/);
    expect(() => cosineWarmRestarts({ lr: 0, t0: 5 })).toThrow(RangeError);
  });
});
