import { describe, expect, it } from 'vitest';
import { scaleSchedule } from '@dl/core';
import type { Schedule } from '@dl/core';
import { sample, swalr } from '../src/index.js';
import type { SwalrOptions } from '../src/index.js';
import fx from './fixtures/swalr.json';
import { expectPure, expectSequenceClose } from './helpers.js';
import type { Case } from './helpers.js';

describe('swalr', () => {
  for (const c of fx.cases as Case<SwalrOptions>[]) {
    it(`matches PyTorch ${c.torch} ${JSON.stringify(c.options)} over ${c.values.length} steps`, () => {
      expectSequenceClose(sample(swalr(c.options), c.values.length), c.values);
    });
  }
  it('reaches swaLr exactly and stays there', () => {
    const s = swalr({ lr: 0.1, swaLr: 0.05, annealEpochs: 4 });
    expect(s(4)).toBe(0.05);
    expect(s(1000)).toBe(0.05);
  });
  it('is pure, whatever order the steps are asked in', () => expectPure(swalr({ lr: 0.1, swaLr: 0.02, annealEpochs: 7, annealStrategy: 'linear' }), 20));
  it('scales both rates per param group', () => {
    const s = scaleSchedule(swalr({ lr: 0.1, swaLr: 0.05, annealEpochs: 3 }), 2) as Schedule;
    expect(s(0)).toBeCloseTo(0.2, 15);
    expect(s(10)).toBeCloseTo(0.1, 15);
  });
  it('rejects bad options', () => {
    expect(() => swalr({ lr: 0.1, swaLr: 0 })).toThrow(/swalr: swaLr must be a finite number > 0, got 0/);
    expect(() => swalr({ lr: 0.1, swaLr: 0.05, annealEpochs: -1 })).toThrow(/swalr: annealEpochs must be an integer >= 0/);
    expect(() => swalr({ lr: 0.1, swaLr: 0.05, annealEpochs: 2.5 })).toThrow(RangeError);
    expect(() => swalr({ lr: 0.1, swaLr: 0.05, annealStrategy: 'exp' as 'cos' })).toThrow(/annealStrategy must be one of 'cos', 'linear', got 'exp'/);
    expect(() => swalr({ lr: 0.1, swaLr: 0.05 })(-1)).toThrow(/swalr: step must be an integer >= 0/);
  });
});
