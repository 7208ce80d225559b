import { describe, expect, it } from 'vitest';
import { selectSamples } from '../../src/internal/select-samples.js';
import type { RawImageDataset } from '../../src/index.js';

// Four 1x2 "images": image i has pixels [i, 10 + i].
const raw: RawImageDataset = {
  name: 'tiny',
  images: Uint8Array.from([0, 10, 1, 11, 2, 12, 3, 13]),
  labels: Uint8Array.from([1, 0, 1, 2]),
  count: 4,
  height: 1,
  width: 2,
  classNames: ['a', 'b', 'c'],
  stats: { mean: 0, std: 1 },
};

describe('selectSamples', () => {
  it('returns the input when nothing is filtered', () => {
    expect(selectSamples(raw, { classes: null, limit: Infinity })).toBe(raw);
    expect(selectSamples(raw, { classes: null, limit: 9 })).toBe(raw);
  });

  it('limits with views into the input', () => {
    const first = selectSamples(raw, { classes: null, limit: 2 });
    expect(first.count).toBe(2);
    expect([...first.images]).toEqual([0, 10, 1, 11]);
    expect(first.images.buffer).toBe(raw.images.buffer);
  });

  it('filters by class in order, then limits, with copies', () => {
    const ones = selectSamples(raw, { classes: new Set([1, 2]), limit: Infinity });
    expect([...ones.labels]).toEqual([1, 1, 2]);
    expect([...ones.images]).toEqual([0, 10, 2, 12, 3, 13]);
    expect(ones.images.buffer).not.toBe(raw.images.buffer);
    const two = selectSamples(raw, { classes: new Set([1, 2]), limit: 2 });
    expect([...two.labels]).toEqual([1, 1]);
    expect(two.count).toBe(2);
  });

  it('may select nothing', () => {
    const none = selectSamples({ ...raw, labels: Uint8Array.from([0, 0, 0, 0]) }, { classes: new Set([2]), limit: 5 });
    expect(none.count).toBe(0);
    expect(none.images.length).toBe(0);
  });
});
