import { describe, expect, it } from 'vitest';
import { reduceOnPlateau } from '../src/index.js';
import type { ReduceOnPlateauOptions } from '../src/index.js';
import groupsFx from './fixtures/reduce-on-plateau-groups.json';
import fx from './fixtures/reduce-on-plateau.json';
import { expectSequenceClose } from './helpers.js';

describe('reduceOnPlateau', () => {
  for (const c of fx.cases) {
    it(`matches PyTorch ReduceLROnPlateau ${JSON.stringify(c.options)}`, () => {
      const r = reduceOnPlateau(c.options as ReduceOnPlateauOptions);
      const lrs: number[] = [];
      const states: unknown[] = [];
      for (const m of c.metrics) {
        lrs.push(r.step(m));
        const { lr: _lr, ...rest } = r.state();
        states.push(rest);
      }
      expectSequenceClose(lrs, c.values);
      expect(states).toEqual(c.states);
    });
  }
  it('saves and restores its state mid-run, through JSON', () => {
    const c = fx.cases[11] as (typeof fx.cases)[number];
    const opts = c.options as ReduceOnPlateauOptions;
    const first = reduceOnPlateau(opts);
    const half = Math.floor(c.metrics.length / 2);
    const lrs = c.metrics.slice(0, half).map((m) => first.step(m));
    const saved = JSON.parse(JSON.stringify(first.state()));
    const second = reduceOnPlateau(opts);
    second.loadState(saved);
    expect(second.lr).toBe(first.lr);
    for (const m of c.metrics.slice(half)) lrs.push(second.step(m));
    expectSequenceClose(lrs, c.values);
  });
  it('a fresh state has no best yet', () => {
    expect(reduceOnPlateau({ lr: 0.1 }).state()).toEqual({ lr: 0.1, best: null, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 });
  });
  it('rejects bad options', () => {
    expect(() => reduceOnPlateau({ lr: 0 })).toThrow(/reduceOnPlateau: lr must be a finite number > 0, got 0/);
    expect(() => reduceOnPlateau({ lr: 0.1, mode: 'maximum' as 'max' })).toThrow(/reduceOnPlateau: mode must be one of 'min', 'max', got 'maximum'/);
    expect(() => reduceOnPlateau({ lr: 0.1, thresholdMode: 'relative' as 'rel' })).toThrow(/thresholdMode must be one of 'rel', 'abs'/);
    expect(() => reduceOnPlateau({ lr: 0.1, factor: 1 })).toThrow(/factor must be in \(0, 1\), got 1/);
    expect(() => reduceOnPlateau({ lr: 0.1, patience: -1 })).toThrow(/patience must be an integer >= 0/);
    expect(() => reduceOnPlateau({ lr: 0.1, cooldown: 0.5 })).toThrow(/cooldown must be an integer >= 0/);
    expect(() => reduceOnPlateau({ lr: 0.1, minLr: -1 })).toThrow(/minLr must be a finite number >= 0/);
    expect(() => reduceOnPlateau({ lr: 0.1 }).step('0.3' as unknown as number)).toThrow(TypeError);
    expect(() => reduceOnPlateau({ lr: 0.1 }).loadState({ lr: 0.1, best: null, numBadEpochs: -1, cooldownCounter: 0, lastEpoch: 0 })).toThrow(
      /numBadEpochs must be an integer >= 0/,
    );
  });
});

describe('reduceOnPlateau with param groups', () => {
  for (const c of groupsFx.cases) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)}`, () => {
      const r = reduceOnPlateau(c.options as ReduceOnPlateauOptions<number[]>);
      const lrs: number[][] = [];
      const states: unknown[] = [];
      for (const m of c.metrics) {
        lrs.push(r.step(m));
        const { lr: _lr, ...rest } = r.state();
        states.push(rest);
      }
      c.options.lr.forEach((_, g) =>
        expectSequenceClose(
          lrs.map((v) => v[g] as number),
          c.values.map((v) => v[g] as number),
        ),
      );
      expect(states).toEqual(c.states);
    });
  }
  it('one group reaches its own minLr first while the other keeps falling', () => {
    const r = reduceOnPlateau({ lr: [0.1, 0.01], patience: 0, factor: 0.5, minLr: [0.001, 0.004] });
    expect(r.step(1)).toEqual([0.1, 0.01]);
    expect(r.step(1)).toEqual([0.05, 0.005]);
    expect(r.step(1)).toEqual([0.025, 0.004]);
    expect(r.step(1)).toEqual([0.0125, 0.004]);
  });
  it('a number minLr applies to every group', () => {
    const r = reduceOnPlateau({ lr: [0.1, 0.01], patience: 0, minLr: 0.005 });
    r.step(1);
    expect(r.step(1)).toEqual([0.010000000000000002, 0.005]);
  });
  it('keeps the shape of lr in lr, step, state and loadState, through JSON', () => {
    const c = groupsFx.cases[1] as (typeof groupsFx.cases)[number];
    const opts = c.options as ReduceOnPlateauOptions<number[]>;
    const first = reduceOnPlateau(opts);
    const half = Math.floor(c.metrics.length / 2);
    const lrs = c.metrics.slice(0, half).map((m) => first.step(m));
    const saved = JSON.parse(JSON.stringify(first.state()));
    expect(saved.lr).toHaveLength(3);
    const second = reduceOnPlateau(opts);
    second.loadState(saved);
    expect(second.lr).toEqual(first.lr);
    for (const m of c.metrics.slice(half)) lrs.push(second.step(m));
    expect(lrs).toEqual(c.values);
    // The returned arrays are copies.
    const out = second.lr;
    out[0] = 123;
    expect(second.lr[0]).not.toBe(123);
  });
  it('rejects mismatched shapes', () => {
    expect(() => reduceOnPlateau({ lr: [0.1, 0.01], minLr: [0.001] })).toThrow(
      /reduceOnPlateau: minLr must have one value per group, 2 \(as lr\), got 1: \[0.001\]/,
    );
    expect(() => reduceOnPlateau({ lr: 0.1, minLr: [0.001, 0.002] })).toThrow(/minLr must have one value per group, 1 \(as lr\), got 2/);
    expect(() => reduceOnPlateau({ lr: [] })).toThrow(/reduceOnPlateau: lr must be a number or a non-empty array of numbers, got \[\]/);
    expect(() => reduceOnPlateau({ lr: [0.1, 0] })).toThrow(/reduceOnPlateau: lr\[1\] must be a finite number > 0, got 0/);
    expect(() => reduceOnPlateau({ lr: [0.1, 0.01], minLr: [0.001, -1] })).toThrow(/reduceOnPlateau: minLr\[1\] must be a finite number >= 0, got -1/);
    const r = reduceOnPlateau({ lr: [0.1, 0.01] });
    const state = { best: null, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0 };
    expect(() => r.loadState({ ...state, lr: [0.1] })).toThrow(/reduceOnPlateau.loadState: lr must be an array of 2 rates, as the lr option, got \[0.1\]/);
    expect(() => r.loadState({ ...state, lr: 0.1 as unknown as number[] })).toThrow(RangeError);
    expect(() => reduceOnPlateau({ lr: 0.1 }).loadState({ ...state, lr: [0.1] as unknown as number })).toThrow(
      /reduceOnPlateau.loadState: lr must be a number, as the lr option, got \[0.1\]/,
    );
  });
});
