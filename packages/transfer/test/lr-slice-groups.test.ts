import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { Optimizer, adam } from '@dl/optim';
import { evenMults, freeze, lrSliceGroups, trainableParameters } from '../src/index.js';
import { bnMlp } from './support.js';

const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 15));

describe('lrSliceGroups', () => {
  it("slice(1e-5, 1e-3) over 3 blocks: fastai's even_mults 1e-5, 1e-4, 1e-3 (as lrScale of hi)", () => {
    close(evenMults(1e-5, 1e-3, 3), [1e-5, 1e-4, 1e-3]);
    const m = bnMlp();
    const groups = lrSliceGroups(m, { lo: 1e-5, hi: 1e-3 });
    expect(groups.map((g) => g.name)).toEqual(['block_0', 'block_0_no_decay', 'block_1', 'block_1_no_decay', 'block_2', 'block_2_no_decay']);
    close(groups.map((g) => g.lrScale as number), [1e-2, 1e-2, 1e-1, 1e-1, 1, 1]);
    const opt = new Optimizer(adam({ lr: 1e-3 }), trainableParameters(m), { groups });
    close(opt.groupNames.map((g) => opt.getLearningRate(g)), [1e-5, 1e-5, 1e-4, 1e-4, 1e-3, 1e-3]);
    opt.dispose();
    m.dispose();
  });

  it('slice(1e-3): the head 1e-3, every other block 1e-4; one block: hi; frozen left out', () => {
    const m = bnMlp();
    close(lrSliceGroups(m, { hi: 1e-3 }, { weightDecayExclude1d: false }).map((g) => (g.lrScale as number) * 1e-3), [1e-4, 1e-4, 1e-3]);
    close(evenMults(1e-5, 1e-3, 1), [1e-3]);
    expect(lrSliceGroups(m, { lo: 1e-5, hi: 1e-3 }, { blocks: [() => true] }).map((g) => g.lrScale)).toEqual([1, 1]);
    freeze(m, 3);
    expect(lrSliceGroups(m, { hi: 1e-3 }).map((g) => g.name)).toEqual(['block_1', 'block_1_no_decay', 'block_2', 'block_2_no_decay']);
    m.dispose();
  });

  it('lo > hi, non-positive rates and unknown keys are refused before anything is made', () => {
    const m = bnMlp();
    const before = tf.memory().numTensors;
    expect(() => lrSliceGroups(m, { lo: 1e-2, hi: 1e-3 })).toThrow('lrSliceGroups: slice.lo (0.01) must be <= slice.hi (0.001)');
    expect(() => lrSliceGroups(m, { hi: 0 })).toThrow('lrSliceGroups: slice.hi must be a finite number > 0, got 0');
    expect(() => lrSliceGroups(m, { lo: -1, hi: 1 })).toThrow('lrSliceGroups: slice.lo must be a finite number > 0, got -1');
    expect(() => lrSliceGroups(m, { start: 1, hi: 1 } as never)).toThrow("lrSliceGroups: unknown option 'start' (allowed: lo, hi)");
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });
});
