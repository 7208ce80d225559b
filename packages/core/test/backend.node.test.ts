import { describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError, tf, useBackend } from '@dl/core';

describe('useBackend in Node', () => {
  it('explains that WebGL needs a browser', async () => {
    const error = await useBackend('webgl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/useBackend\('webgl'\): WebGL needs a browser; in Node use 'wasm', 'cpu', 'webgpu' \(Dawn\) or 'tensorflow'/);
  });

  it("does not print tfjs's install-tfjs-node banner on the cpu backend", async () => {
    const warn = vi.spyOn(console, 'warn');
    await useBackend('cpu');
    tf.tidy(() => tf.add(tf.tensor([1, 2]), 1));
    expect(warn.mock.calls.flat().join(' ')).not.toMatch(/looks like you are running TensorFlow.js in Node.js/);
    warn.mockRestore();
  });
});
