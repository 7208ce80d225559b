import { describe, expect, it } from 'vitest';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { heNormal, heUniform, kaimingNormal, kaimingStd, kaimingUniform } from '../src/index.js';
import type { KaimingScaleOptions } from '../src/index.js';
import fx from './fixtures/init.json';
import { moments, sampleTests, seedTests } from './helpers.js';

describe('kaimingStd', () => {
  it("matches PyTorch's std and bound for every mode/nonlinearity/a on dense and conv shapes (1e-12)", () => {
    let n = 0;
    for (const c of fx.fans) {
      for (const k of c.kaiming) {
        const std = kaimingStd(c.shape, k.options as KaimingScaleOptions);
        const what = `${JSON.stringify(c.shape)} ${JSON.stringify(k.options)}`;
        expect(Math.abs(std - k.std), what).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(Math.sqrt(3) * std - k.bound), what).toBeLessThanOrEqual(1e-12);
        n++;
      }
    }
    expect(n).toBeGreaterThan(80);
  });

  it('throws clear errors on bad options', () => {
    expect(() => kaimingStd([3, 4], { mode: 'fan_in' as 'fanIn' })).toThrow(/kaimingStd: mode must be 'fanIn' or 'fanOut', got 'fan_in'/);
    expect(() => kaimingUniform([3, 4], { nonlinearity: 'swish' as 'relu' })).toThrow(/kaimingUniform: unknown nonlinearity 'swish'/);
    expect(() => kaimingNormal([3, 4], { a: Number.NaN })).toThrow(/kaimingNormal: a must be a finite number/);
    expect(() => kaimingNormal([12], { seed: 0 })).toThrow(/kaimingNormal: shape must have at least 2 dimensions/);
    expect(() => kaimingUniform([3, 0, 2, 2], { seed: 0 })).toThrow(/kaimingUniform: shape must have no zero-size dimension/);
    expect(() => kaimingUniform([3, 3], { seed: 1.5 })).toThrow(/seed must be a safe integer or an Rng/);
  });

  it('he* are aliases', () => {
    expect(heUniform).toBe(kaimingUniform);
    expect(heNormal).toBe(kaimingNormal);
  });
});

describeBackends('kaiming', () => {
  sampleTests('kaimingUniform', kaimingUniform);
  sampleTests('kaimingNormal', kaimingNormal);
  seedTests('kaimingUniform', kaimingUniform, [5, 5, 3, 8], { nonlinearity: 'relu' });
  seedTests('kaimingNormal', kaimingNormal, [20, 10], { mode: 'fanOut' });
  it('conv weights in TF.js layout get the fan of the same PyTorch layer', async () => {
    const t = expectNoLeak(() => kaimingNormal([3, 3, 64, 64], { nonlinearity: 'relu', seed: 3 }));
    const m = await moments(t);
    t.dispose();
    // fan_in = 64·3·3 = 576: std √2/24.
    expect(Math.abs(m.std - Math.SQRT2 / 24)).toBeLessThan(0.01 * (Math.SQRT2 / 24));
  });
});
