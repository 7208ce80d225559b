import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useBackend } from '@dl/core';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const distCjs = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

// Each run is its own process: the thread count is fixed when the wasm backend first starts.
// It trains nothing, but runs what a training step leans on: a matmul and a convolution
// (XNNPACK, on the thread pool), a conv filter gradient and a batch-norm step.
const script = (threads: string) => `
import { tf, useBackend } from ${JSON.stringify(dist)};
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { hasNativeKernels } from '@dl/kernels';
await useBackend('wasm'${threads === 'default' ? '' : `, { threads: ${threads} }`});
const r = (shape, seed) => tf.randomUniform(shape, -1, 1, 'float32', seed);
const x = r([8, 12, 12, 16], 1), w = r([3, 3, 16, 24], 2);
const y = tf.conv2d(x, w, 1, 'same');
const g = tf.grad((f) => tf.sum(tf.square(tf.conv2d(x, f, 1, 'same'))))(w);
const m = tf.matMul(r([64, 300], 3), r([300, 96], 4));
const bn = tf.engine().runKernel('DlBatchNormTrain', { x: y, gamma: tf.ones([24]), beta: tf.zeros([24]) }, { eps: 1e-5 })[0];
const out = {};
for (const [k, t] of Object.entries({ y, g, m, bn })) out[k] = Array.from(await t.data());
console.log(JSON.stringify({ threads: getThreadsCount(), native: hasNativeKernels(), out }));
`;

function run(threads: string): { threads: number; native: boolean; out: Record<string, number[]> } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script(threads)], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    timeout: 60_000,
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`child failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

describe('multi-threaded wasm in Node', () => {
  it('starts on every core by default, on the count asked for, and exits when done', { timeout: 180_000 }, () => {
    const one = run('1');
    const two = run('2');
    const auto = run('default');
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    // Default: the core count, capped at tfjs's 8.
    expect(auto.threads).toBe(Math.min(8, availableParallelism()));
    // @dl/kernels' native SIMD loops run on the threaded build's shared heap as on a plain one.
    expect([one.native, two.native, auto.native]).toEqual([true, true, true]);
    // Threads split the work, not the sums: float32 agreement with one thread.
    for (const key of Object.keys(one.out)) {
      const a = one.out[key]!;
      const b = two.out[key]!;
      expect(b.length).toBe(a.length);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1e-3 + Math.abs(a[i]!)));
      expect(worst, key).toBeLessThan(1e-5);
    }
  });

  it('works from CommonJS too', () => {
    const code = `const { tf, useBackend } = require(${JSON.stringify(distCjs)});
useBackend('wasm', { threads: 2 }).then(async () => {
  const s = await tf.sum(tf.matMul(tf.ones([50, 40]), tf.ones([40, 30]))).data();
  console.log(JSON.stringify({ threads: require('@tensorflow/tfjs-backend-wasm').getThreadsCount(), s: s[0] }));
});`;
    const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 60_000 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ threads: 2, s: 50 * 40 * 30 });
  });

  it('refuses a thread count it cannot give, naming the option', async () => {
    await expect(useBackend('wasm', { threads: 0 })).rejects.toThrow(/useBackend: threads must be an integer from 1 to 8, got 0/);
    await expect(useBackend('wasm', { threads: 2.5 })).rejects.toThrow(/threads must be an integer from 1 to 8, got 2.5/);
    await expect(useBackend('wasm', { threads: 9 })).rejects.toThrow(/threads must be an integer from 1 to 8, got 9/);
    await expect(useBackend('wasm', { threads: 4, wasmThreads: false })).rejects.toThrow(/useBackend: threads 4 contradicts wasmThreads: false/);
    await useBackend('wasm');
    const running = (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount();
    const other = running === 1 ? 2 : 1;
    await expect(useBackend('wasm', { threads: other })).rejects.toThrow(
      new RegExp(`useBackend\\('wasm'\\): threads ${other} asked, but the wasm backend already runs on ${running}; the thread count is chosen when it first starts`),
    );
    await expect(useBackend('wasm', { threads: running })).resolves.toBe('wasm');
  });
});
