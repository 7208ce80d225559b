import { describe, expect, it } from 'vitest';
import { PretrainedWeightsError } from '../src/index.js';

describe('PretrainedWeightsError', () => {
  it('is an Error with its own name and an optional cause', () => {
    const cause = new Error('ENOENT');
    const e = new PretrainedWeightsError('bad file', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PretrainedWeightsError');
    expect(e.message).toBe('bad file');
    expect(e.cause).toBe(cause);
  });
});
