import { describe, expect, it } from 'vitest';
import { sample, stepDecay } from '../src/index.js';
import type { Schedule } from '../src/index.js';

describe('sample', () => {
  const s = stepDecay({ lr: 1, stepSize: 2, gamma: 0.5 });
  it('evaluates steps 0..n-1', () => {
    expect(sample(s, 5)).toEqual([1, 1, 0.5, 0.5, 0.25]);
    expect(sample(s, 0)).toEqual([]);
  });
  it('evaluates given steps', () => {
    expect(sample(s, [0, 4, 8])).toEqual([1, 0.25, 0.0625]);
  });
  it('rejects bad arguments', () => {
    expect(() => sample(s, -1)).toThrow(/sample: steps must be an integer >= 0 or an array of steps, got -1/);
    expect(() => sample(s, 2.5)).toThrow(RangeError);
    expect(() => sample(null as unknown as Schedule, 3)).toThrow(TypeError);
  });
});
