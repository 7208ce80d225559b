import { describe, expect, it } from 'vitest';
import { tf, useBackend } from '@dl/core';
import { testBackends } from '@dl/core/testing';
import { batchNorm1d, batchNorm2d } from '../src/index.js';
import type { BatchNorm } from '../src/index.js';

// On cpu and wasm, training-mode batch norm runs @dl/kernels' DlBatchNormTrain; elsewhere it
// composes stock ops. Both paths must give the same outputs, gradients and running statistics.
const FUSED = 'DlBatchNormTrain';

async function run(backend: 'cpu' | 'wasm', fused: boolean, make: () => BatchNorm, shape: number[]) {
  await useBackend(backend);
  const config = tf.getKernel(FUSED, backend)!;
  expect(config).toBeDefined();
  // Count the fused kernel's calls, so the test knows which path ran.
  let used = 0;
  const counting = { ...config, kernelFunc: (a: Parameters<tf.KernelFunc>[0]) => (used++, (config.kernelFunc as tf.KernelFunc)(a)) };
  tf.unregisterKernel(FUSED, backend);
  if (fused) tf.registerKernel(counting);
  try {
    const bn = make();
    const before = tf.memory().numTensors;
    const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 7), 3), 5));
    const dy = tf.randomNormal(shape, 0, 1, 'float32', 8);
    const params = Object.values(bn.parameters());
    const loss = () => tf.sum(tf.mul(bn.apply(x, { training: true }), dy)) as tf.Scalar;
    const { value, grads } = params.length ? tf.variableGrads(loss, params) : { value: tf.tidy(loss), grads: {} as Record<string, tf.Tensor> };
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(bn.apply(t, { training: true }), dy)))(x);
    const out = {
      loss: (await value.data())[0]!,
      dx: Array.from(await dx.data()),
      grads: await Promise.all(Object.values(grads).map(async (g) => Array.from(await g.data()))),
      buffers: await Promise.all(Object.values(bn.buffers()).map(async (b) => Array.from(await b.data()))),
    };
    tf.dispose([x, dy, value, dx, ...Object.values(grads)]);
    // Everything made here is freed: only the module's own variables remain.
    expect(tf.memory().numTensors).toBe(before);
    bn.dispose();
    expect(used > 0).toBe(fused);
    return out;
  } finally {
    if (fused) tf.unregisterKernel(FUSED, backend);
    tf.registerKernel(config);
  }
}

function expectClose(a: number[], b: number[], rtol: number, atol: number) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!), `element ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(b[i]!));
}

const cases: { name: string; make: () => BatchNorm; shape: number[] }[] = [
  { name: 'batchNorm2d', make: () => batchNorm2d(6), shape: [4, 5, 3, 6] },
  { name: 'batchNorm1d on [N, L, C], momentum null', make: () => batchNorm1d(3, { momentum: null }), shape: [5, 4, 3] },
  { name: 'without affine parameters', make: () => batchNorm2d(4, { affine: false }), shape: [3, 2, 2, 4] },
  { name: 'without running statistics', make: () => batchNorm1d(5, { trackRunningStats: false }), shape: [8, 5] },
];

// The fused kernel exists on cpu and wasm: cpu runs everywhere, wasm where this runtime tests it
// (Chromium's runs serve no wasm binary).
for (const backend of (['cpu', 'wasm'] as const).filter((b) => b === 'cpu' || testBackends().includes(b))) {
  describe(`batch norm's fused training kernel [${backend}]`, () => {
    for (const c of cases) {
      it(`${c.name}: outputs, gradients and running statistics match the composed ops`, async () => {
        const fused = await run(backend, true, c.make, c.shape);
        const composed = await run(backend, false, c.make, c.shape);
        expect(fused.loss).toBeCloseTo(composed.loss, 3);
        expectClose(fused.dx, composed.dx, 1e-4, 1e-5);
        expect(fused.grads.length).toBe(composed.grads.length);
        fused.grads.forEach((g, i) => expectClose(g, composed.grads[i]!, 1e-4, 1e-4));
        expect(fused.buffers.length).toBe(composed.buffers.length);
        fused.buffers.forEach((b, i) => expectClose(b, composed.buffers[i]!, 1e-5, 1e-6));
      });
    }
  });
}
