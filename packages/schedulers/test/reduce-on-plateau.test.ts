import { describe, expect, it } from 'vitest';
import { reduceOnPlateau } from '../src/index.js';
import type { ReduceOnPlateauOptions } from '../src/index.js';
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
