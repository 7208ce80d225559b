import { describe, expect, it } from 'vitest';
import { checkOptionKeys, resolveNormalize, resolveSubset, show } from '../../src/internal/options.js';

describe('checkOptionKeys', () => {
  it('accepts undefined and known keys', () => {
    expect(checkOptionKeys('ds', undefined, ['limit'])).toEqual({});
    expect(checkOptionKeys('ds', { limit: 2 }, ['limit'])).toEqual({ limit: 2 });
  });

  it('rejects non-objects and unknown keys', () => {
    expect(() => checkOptionKeys('ds', 5, ['limit'])).toThrow(new RangeError('ds: options must be an object, got 5'));
    expect(() => checkOptionKeys('ds', [1], ['limit'])).toThrow('ds: options must be an object, got [1]');
    expect(() => checkOptionKeys('ds', { lim: 1 }, ['limit', 'split'])).toThrow(
      "ds: unknown option 'lim' (expected one of limit, split)",
    );
  });
});

describe('resolveSubset', () => {
  it('fills defaults', () => {
    expect(resolveSubset('ds', {}, 10)).toEqual({ split: 'train', classes: null, limit: Infinity });
  });

  it('turns classes into a set, allowing repeats', () => {
    const { classes } = resolveSubset('ds', { classes: [3, 1, 3], split: 'test', limit: 7 }, 4);
    expect([...(classes ?? [])]).toEqual([3, 1]);
  });

  it('checks class ids against the number of classes', () => {
    expect(() => resolveSubset('ds', { classes: [4] }, 4)).toThrow('ds: classes contains unknown class id 4 (valid ids are 0..3)');
    expect(() => resolveSubset('ds', { classes: [-1] }, 4)).toThrow(RangeError);
    expect(() => resolveSubset('ds', { classes: ['1'] }, 4)).toThrow("unknown class id '1'");
  });

  it('rejects non-integer and unsafe limits', () => {
    for (const limit of [0, -3, 2.5, NaN, Infinity, 2 ** 53, '3', null]) {
      expect(() => resolveSubset('ds', { limit }, 10)).toThrow(/ds: limit must be a positive integer, got /);
    }
  });
});

describe('resolveNormalize', () => {
  const standard = { mean: 0.3, std: 0.4 };

  it('maps false / true / stats', () => {
    expect(resolveNormalize('ds', undefined, standard)).toBeNull();
    expect(resolveNormalize('ds', false, standard)).toBeNull();
    expect(resolveNormalize('ds', true, standard)).toBe(standard);
    expect(resolveNormalize('ds', { mean: 0, std: 2 }, standard)).toEqual({ mean: 0, std: 2 });
  });

  it('rejects bad values naming the field', () => {
    expect(() => resolveNormalize('ds', { mean: NaN, std: 1 }, standard)).toThrow('ds: normalize.mean must be a finite number, got NaN');
    expect(() => resolveNormalize('ds', { mean: 0, std: Infinity }, standard)).toThrow('normalize.std');
    expect(() => resolveNormalize('ds', 1, standard)).toThrow('ds: normalize must be false, true or { mean, std }, got 1');
  });
});

describe('show', () => {
  it('prints values the way they would be written', () => {
    expect([show('a'), show([1, 'b']), show(undefined), show(3n), show({})]).toEqual([
      "'a'", "[1, 'b']", 'undefined', '3n', '[object Object]',
    ]);
  });
});
