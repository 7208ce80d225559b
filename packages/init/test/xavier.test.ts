import { describe, expect, it } from 'vitest';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { glorotNormal, glorotUniform, xavierNormal, xavierStd, xavierUniform } from '../src/index.js';
import fx from './fixtures/init.json';
import { moments, sampleTests, seedTests } from './helpers.js';

describe('xavierStd', () => {
  it("matches PyTorch's std and bound for dense and conv shapes (1e-12)", () => {
    for (const c of fx.fans) {
      for (const x of c.xavier) {
        const std = xavierStd(c.shape, { gain: x.gain });
        expect(Math.abs(std - x.std), `${JSON.stringify(c.shape)} gain ${x.gain}`).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(Math.sqrt(3) * std - x.bound)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('throws on a negative gain, a 1-D shape or a zero-size dim', () => {
    expect(() => xavierStd([3, 4], { gain: -1 })).toThrow(/xavierStd: gain must be >= 0, got -1/);
    expect(() => xavierUniform([4], { seed: 0 })).toThrow(/xavierUniform: shape must have at least 2 dimensions/);
    expect(() => xavierNormal([4, 0], { seed: 0 })).toThrow(/xavierNormal: shape must have no zero-size dimension/);
    expect(() => xavierNormal([4, 4], { dtype: 'int32' as 'float32' })).toThrow(/xavierNormal: dtype must be 'float32', got 'int32'/);
  });

  it('glorot* are aliases', () => {
    expect(glorotUniform).toBe(xavierUniform);
    expect(glorotNormal).toBe(xavierNormal);
  });
});

describeBackends('xavier', () => {
  sampleTests('xavierUniform', xavierUniform);
  sampleTests('xavierNormal', xavierNormal);
  seedTests('xavierUniform', xavierUniform);
  seedTests('xavierNormal', xavierNormal, [3, 3, 4, 8], { gain: 2 });
  it('leaks nothing and stays within the bound', async () => {
    const t = expectNoLeak(() => xavierUniform([64, 32], { gain: 5 / 3, seed: 1 }));
    const bound = Math.fround(Math.sqrt(3) * xavierStd([64, 32], { gain: 5 / 3 }));
    const m = await moments(t);
    t.dispose();
    expect(Math.max(m.max, -m.min)).toBeLessThanOrEqual(bound);
  });
});
