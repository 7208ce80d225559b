import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/internal/closest.js';

describe('closest', () => {
  it('picks the name with the smallest edit distance, case-insensitively', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    const names = ['fashion-cnn', 'mnist-cnn', 'fashion-0-4', 'fashion-5-9'];
    expect(closest('Fashion-CNN', names)).toBe('fashion-cnn');
    expect(closest('mnist', names)).toBe('mnist-cnn');
    expect(closest('fashion-0-5', names)).toBe('fashion-0-4');
    expect(closest('x', [])).toBeUndefined();
  });
});
