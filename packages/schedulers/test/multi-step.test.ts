import { describe, expect, it } from 'vitest';
import { multiStep, sample } from '../src/index.js';
import type { MultiStepOptions } from '../src/index.js';
import fx from './fixtures/multi-step.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('multiStep', () => {
  for (const c of fx.cases as Case<MultiStepOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      expectSequenceClose(sample(multiStep(c.options), c.values.length), c.values);
    });
  }
  it('accepts gamma > 1, as PyTorch does', () => {
    expect(sample(multiStep({ lr: 1, milestones: [1, 3], gamma: 3 }), 4)).toEqual([1, 3, 3, 9]);
  });
  it('is pure', () => expectPure(multiStep({ lr: 0.1, milestones: [2, 5] }), 10));
  it('copies milestones', () => {
    const ms = [2, 5];
    const s = multiStep({ lr: 1, milestones: ms, gamma: 0.5 });
    ms[0] = 100;
    expect(s(3)).toBe(0.5);
  });
  it('rejects bad options', () => {
    expect(() => multiStep({ lr: 0.1, milestones: [5, 3] })).toThrow(/multiStep: milestones must be strictly increasing, got \[5,3\]/);
    expect(() => multiStep({ lr: 0.1, milestones: [3, 3] })).toThrow(RangeError);
    expect(() => multiStep({ lr: 0.1, milestones: [1.5] })).toThrow(/milestones\[0\] must be an integer >= 0/);
    expect(() => multiStep({ lr: 0.1, milestones: 3 as unknown as number[] })).toThrow(TypeError);
    expect(() => multiStep({ lr: 0.1, milestones: [3], gamma: -2 })).toThrow(/multiStep: gamma must be a finite number > 0, got -2/);
    expect(() => multiStep({ lr: 0, milestones: [3] })).toThrow(/lr must be/);
  });
});
