import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { activationStats, kaimingNormal, normal, xavierNormal } from '../src/index.js';

function mlp(depth: number, width: number, init: (shape: number[], seed: number) => tf.Tensor, act: (x: tf.Tensor) => tf.Tensor) {
  const weights = Array.from({ length: depth }, (_, i) => init([width, width], i));
  return { weights, layers: weights.map((w) => (x: tf.Tensor) => act(tf.matMul(x, w))) };
}

describeBackends('activationStats', () => {
  it('reports mean, std, dead units, zeros and saturation per layer', async () => {
    const x = tf.tensor2d([[-1, 2], [-3, 0]]);
    const stats = await expectNoLeak(() =>
      activationStats([{ layer: (t) => tf.relu(t), name: 'relu' }, { layer: (t) => tf.sigmoid(tf.mul(t, 100)), saturation: 'sigmoid' }, (t) => tf.tanh(tf.mul(t, 3))], x),
    );
    x.dispose();
    const [relu, sig, tanh] = stats;
    expect(relu).toMatchObject({ index: 0, name: 'relu', shape: [2, 2], zeros: 0.75, dead: 0.5, min: 0, max: 2 });
    expect(relu!.mean).toBeCloseTo(0.5, 6);
    expect(relu!.std).toBeCloseTo(Math.sqrt(0.75), 5);
    // sigmoid(0) = 0.5 three times, sigmoid(200) ≈ 1 once.
    expect(sig!.saturated).toBeCloseTo(0.25, 6);
    expect(tanh!.name).toBe('layer2');
    // tanh(1.5) = 0.905 and tanh(3) = 0.995: one of four beyond 0.99.
    expect(tanh!.saturated).toBeCloseTo(0.25, 6);
  });

  it('too small collapses, too big saturates, Xavier keeps a 10-layer tanh net alive', async () => {
    const x = normal([32, 128], { seed: 0 });
    const run = async (init: (s: number[], seed: number) => tf.Tensor) => {
      const { weights, layers } = mlp(10, 128, init, tf.tanh);
      const s = await expectNoLeak(() => activationStats(layers, x));
      tf.dispose(weights);
      return s;
    };
    const small = await run((s, seed) => normal(s, { std: 0.01, seed }));
    const big = await run((s, seed) => normal(s, { std: 1, seed }));
    const right = await run((s, seed) => xavierNormal(s, { seed }));
    x.dispose();
    expect(small[9]!.std).toBeLessThan(1e-6);
    expect(big[9]!.saturated).toBeGreaterThan(0.8);
    expect(right[9]!.std).toBeGreaterThan(0.1);
    expect(right[9]!.saturated).toBeLessThan(0.01);
  });

  it('Kaiming keeps a 10-layer ReLU net at the same scale, most units alive', async () => {
    const x = normal([32, 128], { seed: 1 });
    const { weights, layers } = mlp(10, 128, (s, seed) => kaimingNormal(s, { nonlinearity: 'relu', seed }), tf.relu);
    const s = await activationStats(layers, x);
    tf.dispose([x, ...weights]);
    expect(s[9]!.std / s[0]!.std).toBeGreaterThan(0.3);
    expect(s[9]!.std / s[0]!.std).toBeLessThan(3);
    // Some units die with depth even with Kaiming (a batch of 32 is small), but most live.
    expect(s[0]!.dead).toBe(0);
    expect(s[9]!.dead).toBeLessThan(0.4);
    expect(s[0]!.zeros).toBeGreaterThan(0.4);
  });
});

describe('activationStats options', () => {
  it('throws on bad layers, input or options before running anything', async () => {
    const x = tf.ones([2, 2]);
    await expect(activationStats([], x)).rejects.toThrow(/activationStats: layers must be a non-empty array/);
    await expect(activationStats([42 as unknown as (t: tf.Tensor) => tf.Tensor], x)).rejects.toThrow(/activationStats: layers\[0\] must be a function/);
    await expect(activationStats([(t) => t], [1] as unknown as tf.Tensor)).rejects.toThrow(/input must be a tensor/);
    await expect(activationStats([(t) => t], x, { saturation: 'relu' as 'tanh' })).rejects.toThrow(/saturation must be 'tanh' or 'sigmoid'/);
    await expect(activationStats([(t) => t], x, { threshold: 1 })).rejects.toThrow(/threshold must be in \(0, 1\), got 1/);
    await expect(activationStats([() => 3 as unknown as tf.Tensor], x)).rejects.toThrow(/layer 'layer0' \(layers\[0\]\) must return a tensor/);
    x.dispose();
  });
});
