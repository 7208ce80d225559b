import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, gradientCheck } from '../src/index.js';
import fx from './fixtures/conv.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, forwardBackward, setParams, T, tol } from './helpers.js';

describeBackends('dense', (backend) => {
  it('matches nn.Linear: output and gradients for input, kernel and bias', async () => {
    const layer = dense(5, 3, { seed: 0 });
    setParams(layer, { kernel: fx.dense.kernel, bias: fx.dense.bias });
    const x = T(fx.dense.x);
    const up = T(fx.dense.upstream);
    const r = expectNoLeak(() => forwardBackward(layer, x, up));
    await expectTensorsClose(r.y, fx.dense.y, tol(backend));
    await expectTensorsClose(r.gx, fx.dense.gradX, tol(backend));
    await expectTensorsClose(r.grads.kernel!, fx.dense.gradKernel, tol(backend));
    await expectTensorsClose(r.grads.bias!, fx.dense.gradBias, tol(backend));
    tf.dispose([x, up, r.y, r.gx, ...Object.values(r.grads)]);
    layer.dispose();
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3', async () => {
    const layer = dense(4, 3, { seed: 1 });
    const x = tf.randomNormal([2, 4], 0, 1, 'float32', 2);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => layer.apply(x), { x, ...layer.parameters() }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    layer.dispose();
  });

  it('applies to any leading shape', async () => {
    const layer = dense(3, 2, { seed: 0 });
    const x = tf.ones([2, 4, 3]);
    const y = expectNoLeak(() => layer.apply(x));
    expect(y.shape).toEqual([2, 4, 2]);
    tf.dispose([x, y]);
    layer.dispose();
  });
});

describe('dense', () => {
  it("PyTorch's default init: kernel and bias in U(-1/sqrt(in), 1/sqrt(in)), seeded", async () => {
    const a = dense(64, 32, { seed: 3 });
    const b = dense(64, 32, { seed: 3 });
    const k = await a.kernel.data();
    const bound = 1 / 8;
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(bound);
    const std = Math.sqrt(Array.from(k).reduce((s, v) => s + v * v, 0) / k.length);
    expect(std).toBeCloseTo(bound / Math.sqrt(3), 2);
    expect(Math.max(...(await a.bias!.data()).map(Math.abs))).toBeLessThanOrEqual(bound);
    await expectTensorsClose(a.kernel, b.kernel, { rtol: 0, atol: 0 });
    expect(Object.keys(a.parameters())).toEqual(['kernel', 'bias']);
    a.dispose();
    b.dispose();
  });

  it('takes initializers and bias: false', () => {
    const layer = dense(2, 3, { bias: false, kernelInitializer: (s) => tf.ones(s) });
    expect(Object.keys(layer.parameters())).toEqual(['kernel']);
    layer.dispose();
    expect(() => dense(2, 3, { kernelInitializer: () => tf.ones([3, 2]) })).toThrow(/dense: kernelInitializer must return a tensor of shape \[2, 3\], got \[3, 2\]/);
  });

  it('throws on bad options before making tensors, and on wrong shapes without leaking', () => {
    const before = tf.memory().numTensors;
    expect(() => dense(0, 3)).toThrow(RangeError);
    expect(() => dense(2.5, 3)).toThrow(/dense: inFeatures must be an integer, got 2.5/);
    expect(tf.memory().numTensors).toBe(before);
    const layer = dense(4, 2, { seed: 0 });
    const x = tf.ones([2, 3]);
    expectThrowNoLeak(() => layer.apply(x), 'dense: expected input of shape [..., 4], got [2, 3]');
    x.dispose();
    layer.dispose();
  });
});
