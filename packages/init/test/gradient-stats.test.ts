import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { gradientStats, normal, xavierNormal } from '../src/index.js';

describeBackends('gradientStats', () => {
  it('gives the gradient norm at each output and at known parameters', async () => {
    const w = tf.tidy(() => tf.variable(tf.tensor1d([2, -1, 0.5])));
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const r = await expectNoLeak(() => gradientStats([{ layer: (t) => tf.mul(t, w), params: [w], name: 'scale' }, (t) => tf.mul(t, 3)], x));
    // loss = sum(3 · x ⊙ w): ∂/∂(layer1 out) = 1 (6 ones), ∂/∂(layer0 out) = 3, ∂/∂w = 3 · column sums of x.
    expect(r.loss).toBeCloseTo(3 * (2 * 5 - 7 + 0.5 * 9), 4);
    expect(r.layers[0]).toMatchObject({ index: 0, name: 'scale' });
    expect(r.layers[0]!.outputGradNorm).toBeCloseTo(3 * Math.sqrt(6), 4);
    expect(r.layers[0]!.paramGradNorm).toBeCloseTo(3 * Math.hypot(5, 7, 9), 3);
    expect(r.layers[1]!.outputGradNorm).toBeCloseTo(Math.sqrt(6), 5);
    expect(r.layers[1]!.paramGradNorm).toBeNull();
    // Only read: the parameter is unchanged.
    expect(Array.from(await w.data())).toEqual([2, -1, 0.5]);
    tf.dispose([w, x]);
  });

  it('shows gradients vanishing with a too-small init, not with Xavier', async () => {
    const x = normal([16, 64], { seed: 0 });
    const run = async (init: (s: number[], seed: number) => tf.Tensor) => {
      const ws = Array.from({ length: 8 }, (_, i) => tf.tidy(() => tf.variable(init([64, 64], i))));
      const r = await gradientStats(ws.map((w) => ({ layer: (t: tf.Tensor) => tf.tanh(tf.matMul(t, w)), params: [w] })), x, {
        loss: (y) => tf.mean(tf.square(tf.sub(y, 1))) as tf.Scalar,
      });
      tf.dispose(ws);
      return { params: r.layers.map((l) => l.paramGradNorm!), outputs: r.layers.map((l) => l.outputGradNorm) };
    };
    const small = await run((s, seed) => normal(s, { std: 0.01, seed }));
    const right = await run((s, seed) => xavierNormal(s, { seed }));
    x.dispose();
    // Each backward step multiplies by ~0.01·√64 = 0.08: seven steps from the last layer to the first.
    expect(small.outputs[0]! / small.outputs[7]!).toBeLessThan(1e-5);
    expect(right.outputs[0]! / right.outputs[7]!).toBeGreaterThan(0.05);
    // And every weight gradient is tiny next to Xavier's: "gradients also zero, no learning".
    small.params.forEach((g, i) => expect(g).toBeLessThan(1e-3 * right.params[i]!));
  });
});

describe('gradientStats options', () => {
  it('throws on a bad loss', async () => {
    const x = tf.ones([2, 2]);
    await expect(gradientStats([(t) => t], x, { loss: 3 as unknown as (y: tf.Tensor) => tf.Scalar })).rejects.toThrow(/gradientStats: loss must be a function/);
    await expect(gradientStats([(t) => tf.mul(t, 2)], x, { loss: (y) => y as tf.Scalar })).rejects.toThrow(/loss must return a scalar tensor, got \[2,2\]/);
    x.dispose();
  });
});
