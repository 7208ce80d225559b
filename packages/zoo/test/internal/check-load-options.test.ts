import { describe, expect, it } from 'vitest';
import { checkLoadOptions } from '../../src/internal/check-load-options.js';

describe('checkLoadOptions', () => {
  it('accepts nothing, a string or a URL; refuses other keys and types', () => {
    expect(checkLoadOptions('f', undefined)).toEqual({});
    expect(checkLoadOptions('f', { weightsUrl: 'a.bin' })).toEqual({ weightsUrl: 'a.bin' });
    const url = new URL('https://example.com/a.bin');
    expect(checkLoadOptions('f', { weightsUrl: url }).weightsUrl).toBe(url);
    expect(() => checkLoadOptions('f', { url: 'a' })).toThrow("f: unknown option 'url' (allowed: weightsUrl)");
    expect(() => checkLoadOptions('f', [])).toThrow(TypeError);
    expect(() => checkLoadOptions('f', { weightsUrl: 1 })).toThrow('f: weightsUrl must be a string or a URL, got number');
  });
});
