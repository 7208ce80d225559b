import { describe, expect, it } from 'vitest';
import { chained, constant, exponential, linear, sample, stepDecay } from '../src/index.js';
import type { Schedule } from '../src/index.js';
import fx from './fixtures/chained.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import { build } from './schedule-specs.js';
import type { Spec } from './schedule-specs.js';

describe('chained', () => {
  for (const c of fx.cases) {
    it(`matches PyTorch ${c.torch} over ${c.values.length} steps`, () => {
      expectSequenceClose(sample(build(c.options as Spec), c.values.length), c.values);
    });
  }
  it("PyTorch's example: ConstantLR(0.1, 2) chained with ExponentialLR(0.9), lr 1", () => {
    const s = chained([constant({ lr: 1, factor: 0.1, totalIters: 2 }), exponential({ lr: 1, gamma: 0.9 })], { lr: 1 });
    expectSequenceClose(sample(s, 5), [0.1, 0.09, 0.81, 0.729, 0.6561]);
  });
  it('a single part is that part', () => {
    const part = linear({ lr: 0.1, startFactor: 0.1, totalIters: 4 });
    expect(sample(chained([part], { lr: 0.1 }), 8)).toEqual(sample(part, 8));
  });
  it('is pure', () => expectPure(chained([linear({ lr: 0.1 }), stepDecay({ lr: 0.1, stepSize: 3, gamma: 0.5 })], { lr: 0.1 }), 20));
  it('rejects bad arguments', () => {
    const a = linear({ lr: 0.1 });
    expect(() => chained([], { lr: 0.1 })).toThrow(/chained: schedules must be a non-empty array of functions/);
    expect(() => chained([a, 0.1 as unknown as Schedule], { lr: 0.1 })).toThrow(TypeError);
    expect(() => chained([a], { lr: 0 })).toThrow(/chained: lr must be a finite number > 0, got 0/);
    expect(() => chained([a], undefined as unknown as { lr: number })).toThrow(/chained: expected an options object/);
    expect(() => chained([a], { lr: 0.1 })(-1)).toThrow(/chained: step must be an integer >= 0/);
  });
});
