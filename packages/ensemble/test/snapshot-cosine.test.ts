import { describe, expect, it } from 'vitest';
import { cosineWarmRestarts, sample } from '@dl/schedulers';
import { snapshotCosine } from '../src/index.js';

describe('snapshotCosine', () => {
  for (const [totalSteps, cycles] of [[40, 4], [50, 3], [7, 7], [100, 1]] as const) {
    it(`equals cosineWarmRestarts({t0: ceil(T/M)}) (PyTorch-checked) for T = ${totalSteps}, M = ${cycles}`, () => {
      const t0 = Math.ceil(totalSteps / cycles);
      const ours = sample(snapshotCosine({ lr: 0.2, totalSteps, cycles }), totalSteps);
      const sgdr = sample(cosineWarmRestarts({ lr: 0.2, t0 }), totalSteps);
      ours.forEach((v: number, i: number) => expect(Math.abs(v - sgdr[i]!)).toBeLessThanOrEqual(1e-15));
    });
  }
  it("is Huang et al.'s formula a0/2 (cos(pi mod(t-1, ceil(T/M)) / ceil(T/M)) + 1) at the 1-based iteration t", () => {
    const s = snapshotCosine({ lr: 0.1, totalSteps: 10, cycles: 3 }); // period 4
    for (let t = 1; t <= 10; t++) expect(s(t - 1)).toBeCloseTo((0.1 / 2) * (Math.cos((Math.PI * ((t - 1) % 4)) / 4) + 1), 15);
    expect(s(4)).toBe(0.1); // restart
  });
  it('rejects bad options', () => {
    expect(() => snapshotCosine({ lr: 0.1, totalSteps: 10, cycles: 11 })).toThrow(/snapshotCosine: cycles \(11\) must be <= totalSteps \(10\)/);
    expect(() => snapshotCosine({ lr: 0, totalSteps: 10, cycles: 2 })).toThrow(/lr must be a finite number > 0/);
    expect(() => snapshotCosine({ lr: 0.1, totalSteps: 10, cycles: 0 })).toThrow(/cycles must be an integer >= 1/);
  });
});
