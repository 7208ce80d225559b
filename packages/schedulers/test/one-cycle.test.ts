import { scaleSchedule } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { oneCycle, sample } from '../src/index.js';
import type { MomentumSchedule, OneCycleOptions, Schedule } from '../src/index.js';
import fx from './fixtures/one-cycle.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

type OneCycleCase = Case<OneCycleOptions> & { momentum: number[]; beta1: number[] };

describe('oneCycle', () => {
  for (const c of fx.cases as OneCycleCase[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}: lr, SGD momentum and Adam betas[0]`, () => {
      const s = oneCycle(c.options);
      expectSequenceClose(sample(s, c.values.length), c.values);
      if (c.options.cycleMomentum === false) {
        expect(s.momentum).toBeUndefined();
        expect(new Set([...c.momentum, ...c.beta1])).toEqual(new Set([0.9])); // PyTorch leaves them alone
      } else {
        expectSequenceClose(sample(s.momentum as Schedule, c.momentum.length), c.momentum);
        expectSequenceClose(sample(s.momentum as Schedule, c.beta1.length), c.beta1);
      }
    });
  }
  it('epochs and stepsPerEpoch are totalSteps = epochs * stepsPerEpoch', () => {
    const a = oneCycle({ maxLr: 0.1, epochs: 6, stepsPerEpoch: 9, threePhase: true });
    const b = oneCycle({ maxLr: 0.1, totalSteps: 54, threePhase: true });
    expect(sample(a, 55)).toEqual(sample(b, 55));
    expect(sample(a.momentum as Schedule, 55)).toEqual(sample(b.momentum as Schedule, 55));
    expect(() => a(55)).toThrow(/oneCycle: step 55 is past totalSteps 54/);
  });
  it('momentum is read-only and survives scaleSchedule unscaled', () => {
    const s = oneCycle({ maxLr: 0.1, totalSteps: 40 });
    expect(() => {
      (s as { momentum?: Schedule }).momentum = () => 0;
    }).toThrow(TypeError);
    const g = scaleSchedule(s, 0.1) as MomentumSchedule;
    expect(sample(g.momentum as Schedule, 41)).toEqual(sample(s.momentum as Schedule, 41));
    expectSequenceClose(sample(g, 41), sample(s, 41).map((v) => v * 0.1));
    expect((scaleSchedule(g, 2) as MomentumSchedule).momentum).toBeTypeOf('function');
  });
  it('is pure', () => {
    const s = oneCycle({ maxLr: 0.1, totalSteps: 30, threePhase: true });
    expectPure(s, 31);
    expectPure(s.momentum as Schedule, 31);
  });
  it('throws past totalSteps, as PyTorch does', () => {
    const s = oneCycle({ maxLr: 0.1, totalSteps: 10 });
    expect(() => s(10)).not.toThrow();
    expect(() => s(11)).toThrow(/oneCycle: step 11 is past totalSteps 10/);
    expect(() => (s.momentum as Schedule)(11)).toThrow(/oneCycle: step 11 is past totalSteps 10/);
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
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, cycleMomentum: 1 as unknown as boolean })).toThrow(/oneCycle: cycleMomentum must be a boolean, got 1/);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, baseMomentum: 1.2 })).toThrow(/oneCycle: baseMomentum must be in \[0, 1\), got 1.2/);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, maxMomentum: Number.NaN })).toThrow(TypeError);
  });
  it('takes exactly one of totalSteps and epochs with stepsPerEpoch', () => {
    expect(() => oneCycle({ maxLr: 0.1 })).toThrow(/oneCycle: give totalSteps, or epochs and stepsPerEpoch/);
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, epochs: 2, stepsPerEpoch: 5 })).toThrow(
      /oneCycle: give either totalSteps or epochs and stepsPerEpoch, not both/,
    );
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 10, stepsPerEpoch: 5 })).toThrow(TypeError);
    expect(() => oneCycle({ maxLr: 0.1, epochs: 2 })).toThrow(/oneCycle: epochs and stepsPerEpoch go together, got epochs 2 and stepsPerEpoch undefined/);
    expect(() => oneCycle({ maxLr: 0.1, stepsPerEpoch: 5 })).toThrow(TypeError);
    expect(() => oneCycle({ maxLr: 0.1, epochs: 0, stepsPerEpoch: 5 })).toThrow(/oneCycle: epochs must be an integer >= 1, got 0/);
    expect(() => oneCycle({ maxLr: 0.1, epochs: 2, stepsPerEpoch: 2.5 })).toThrow(/oneCycle: stepsPerEpoch must be an integer >= 1, got 2.5/);
  });
});
