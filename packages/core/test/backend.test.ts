import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, autoOrder, currentBackend, tf, useBackend } from '@dl/core';
import { describeBackends, expectNoLeak, testBackends } from '@dl/core/testing';

const inNode = typeof window === 'undefined';

describe('useBackend', () => {
  it('rejects unknown backends and bad options before loading anything', async () => {
    await expect(useBackend('cuda' as never)).rejects.toThrow(
      new TypeError("useBackend: unknown backend 'cuda'; expected one of cpu, wasm, webgl, webgpu, tensorflow, auto"),
    );
    await expect(useBackend('wasm', { wasmThreads: 'yes' as never })).rejects.toThrow(/useBackend: wasmThreads must be a boolean, got 'yes'/);
    await expect(useBackend('wasm', { wasmPaths: 3 as never })).rejects.toThrow(/useBackend: wasmPaths must be a string or a map/);
    await expect(useBackend('webgpu', { dawnFlags: [1] as never })).rejects.toThrow(/useBackend: dawnFlags must be an array of strings/);
  });

  it('names the package to install when tensorflow (tfjs-node) is missing', async () => {
    const before = currentBackend();
    const error = await useBackend('tensorflow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as BackendUnavailableError).packageName).toBe('@tensorflow/tfjs-node');
    expect((error as Error).message).toMatch(
      inNode ? /npm install @tensorflow\/tfjs-node \(CPU\) or npm install @tensorflow\/tfjs-node-gpu \(CUDA\)/ : /only runs in Node/,
    );
    expect(currentBackend()).toBe(before);
  });

  it("picks the platform's fastest available backend for 'auto'", async () => {
    const before = currentBackend()!;
    expect(autoOrder()).toEqual(inNode ? ['tensorflow', 'wasm', 'cpu'] : ['webgpu', 'webgl', 'wasm', 'cpu']);
    const picked = await useBackend('auto');
    expect(currentBackend()).toBe(picked);
    if (inNode) expect(picked).toBe('wasm');
    await useBackend(before as never);
  });
});

describeBackends('useBackend', (backend) => {
  it('makes the backend current and computes on it', async () => {
    const other = backend === 'cpu' ? testBackends()[1] : 'cpu';
    await expectNoLeak(async () => {
      if (other !== undefined) await useBackend(other);
      expect(await useBackend(backend)).toBe(backend);
    }, 'useBackend');
    expect(tf.getBackend()).toBe(backend);
    const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
    expect(Array.from(await y.data())).toEqual([17, 39]);
    y.dispose();
  });
});
