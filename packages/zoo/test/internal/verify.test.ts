import { describe, expect, it } from 'vitest';
import { verifyAs } from '../../src/internal/verify.js';

describe('verifyAs', () => {
  it('puts the caller and the source in its messages', async () => {
    await expect(verifyAs('me', 'mnist-cnn', new Uint8Array(10), 'x.bin')).rejects.toThrow(/^me: 'mnist-cnn' weights \(x\.bin\) are 10 bytes, the manifest says \d+: truncated file$/);
  });
});
