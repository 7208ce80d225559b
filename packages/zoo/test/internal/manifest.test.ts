import { describe, expect, it } from 'vitest';
import { ENTRIES } from '../../src/internal/manifest.js';

describe('ENTRIES', () => {
  it('are manifest.json\'s models, unique by name', () => {
    expect(ENTRIES.map((e) => e.name)).toEqual([...new Set(ENTRIES.map((e) => e.name))]);
    expect(ENTRIES.length).toBe(6);
  });
});
