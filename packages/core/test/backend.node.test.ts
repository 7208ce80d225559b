import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, useBackend } from '@dl/core';

describe('useBackend in Node', () => {
  it('explains that WebGL needs a browser', async () => {
    const error = await useBackend('webgl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/useBackend\('webgl'\): WebGL needs a browser; in Node use 'wasm', 'cpu', 'webgpu' \(Dawn\) or 'tensorflow'/);
  });
});
