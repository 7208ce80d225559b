import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/internal/crc32.js';

describe('crc32', () => {
  it('matches the IEEE check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
