import { describe, expect, it } from 'vitest';
import { describeBackends } from '@dl/core/testing';
import { lecunNormal, lecunStd, lecunUniform } from '../src/index.js';
import fx from './fixtures/init.json';
import { sampleTests, seedTests } from './helpers.js';

describe('lecunStd', () => {
  it("matches PyTorch's kaiming_*(nonlinearity='linear') std and bound (1e-12)", () => {
    for (const c of fx.fans) {
      const k = c.kaiming.find((x) => x.options.nonlinearity === 'linear')!;
      expect(Math.abs(lecunStd(c.shape) - k.std)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(Math.sqrt(3) * lecunStd(c.shape) - k.bound)).toBeLessThanOrEqual(1e-12);
    }
  });
  it('throws for a 1-D shape', () => {
    expect(() => lecunUniform([3])).toThrow(/lecunUniform: shape must have at least 2 dimensions/);
    expect(() => lecunNormal([3, 0])).toThrow(/lecunNormal: shape must have no zero-size dimension/);
  });
});

describeBackends('lecun', () => {
  sampleTests('lecunUniform', lecunUniform);
  sampleTests('lecunNormal', lecunNormal);
  seedTests('lecunUniform', lecunUniform);
  seedTests('lecunNormal', lecunNormal);
});
