import { describe, expect, it } from 'vitest';
import { sample, stepDecay } from '../src/index.js';
import type { StepDecayOptions } from '../src/index.js';
import fx from './fixtures/step-decay.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('stepDecay', () => {
  for (const c of fx.cases as Case<StepDecayOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(stepDecay(c.options), c.values.length), c.values);
    });
  }
  it('accepts gamma > 1, as PyTorch does', () => {
    expect(sample(stepDecay({ lr: 1, stepSize: 2, gamma: 2 }), 5)).toEqual([1, 1, 2, 2, 4]);
  });
  it('is pure', () => expectPure(stepDecay({ lr: 0.1, stepSize: 3 }), 20));
  it('rejects bad options', () => {
    expect(() => stepDecay({ lr: -0.1, stepSize: 3 })).toThrow(/stepDecay: lr must be a finite number > 0, got -0.1/);
    expect(() => stepDecay({ lr: 0.1, stepSize: 0 })).toThrow(/stepDecay: stepSize must be an integer >= 1, got 0/);
    expect(() => stepDecay({ lr: 0.1, stepSize: 3, gamma: 0 })).toThrow(/stepDecay: gamma must be a finite number > 0, got 0/);
    expect(() => stepDecay({ lr: 0.1, stepSize: 3, gamma: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => stepDecay({ lr: 0.1, stepSize: 3, gamma: Number.NaN })).toThrow(TypeError);
  });
});
