import { describe, expect, it } from 'vitest';
import { calculateGain, NONLINEARITIES } from '../src/index.js';
import type { Nonlinearity } from '../src/index.js';
import fx from './fixtures/init.json';

describe('calculateGain', () => {
  it('matches torch.nn.init.calculate_gain for every nonlinearity (1e-12)', () => {
    for (const { nonlinearity, param, gain } of fx.gains) {
      expect(Math.abs(calculateGain(nonlinearity as Nonlinearity, param ?? undefined) - gain), `${nonlinearity}(${param})`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('accepts camelCase spellings of the two-word names', () => {
    expect(calculateGain('leakyRelu', 0.2)).toBe(calculateGain('leaky_relu', 0.2));
    expect(calculateGain('convTranspose2d')).toBe(1);
    for (const n of NONLINEARITIES) expect(Number.isFinite(calculateGain(n))).toBe(true);
  });

  it('throws on an unknown nonlinearity or a bad slope', () => {
    expect(() => calculateGain('gelu' as Nonlinearity)).toThrow(/calculateGain: unknown nonlinearity 'gelu'; expected one of 'linear'/);
    expect(() => calculateGain('leaky_relu', Number.NaN)).toThrow(TypeError);
    expect(() => calculateGain('leaky_relu', '0.1' as unknown as number)).toThrow(/param \(the negative slope\) must be a finite number/);
  });
});
