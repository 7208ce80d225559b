import { describe, expect, it } from 'vitest';
import { computeFans, kaimingStd, xavierStd } from '../src/index.js';
import fx from './fixtures/init.json';

describe('computeFans', () => {
  it("gives PyTorch's fans for the same dense and conv layers in TF.js layout", () => {
    expect(fx.fans.length).toBeGreaterThan(8);
    for (const c of fx.fans) {
      expect(computeFans(c.shape), JSON.stringify(c.shape)).toEqual({ fanIn: c.fanIn, fanOut: c.fanOut });
    }
  });

  it("a depthwise kernel in its grouped layout [kh, kw, 1, c·m] gets PyTorch's fans of Conv2d(c, c·m, k, groups=c)", () => {
    expect(fx.grouped.length).toBeGreaterThan(2);
    for (const c of fx.grouped) {
      expect(c.shape).toEqual([...c.kernelSize, 1, c.channels * c.depthMultiplier]);
      expect(computeFans(c.shape)).toEqual({ fanIn: c.fanIn, fanOut: c.fanOut });
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12 * b);
      close(Math.sqrt(3) * xavierStd(c.shape), c.xavierUniformBound);
      close(kaimingStd(c.shape, { nonlinearity: 'relu' }), c.kaimingNormalReluStd);
      close(kaimingStd(c.shape, { mode: 'fanOut', nonlinearity: 'relu' }), c.kaimingNormalFanOutReluStd);
    }
  });

  it('conv [kh, kw, in, out] is in·kh·kw and out·kh·kw', () => {
    expect(computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
  });

  it('throws for fewer than 2 dims, zero-size dims and non-shapes', () => {
    expect(() => computeFans([5])).toThrow(/computeFans: shape must have at least 2 dimensions.*got \[5\]/);
    expect(() => computeFans([])).toThrow(RangeError);
    expect(() => computeFans([3, 0])).toThrow(/computeFans: shape must have no zero-size dimension/);
    expect(() => computeFans([3, -1])).toThrow(TypeError);
    expect(() => computeFans('3x3' as unknown as number[])).toThrow(/shape must be an array of non-negative integers/);
  });
});
