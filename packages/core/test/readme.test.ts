// The README's first snippet, run as written.
import { describe, expect, it } from 'vitest';
import { Rng, tf, useBackend } from '@dl/core';

describe('README', () => {
  it("first snippet: useBackend('auto'), a variable from the Rng, its gradient", async () => {
    await useBackend('auto'); // wasm in Node, webgpu/webgl in browsers
    const w = tf.variable(new Rng(0).normal([784, 10], { std: 0.01 }));
    const { grads } = tf.variableGrads(() => tf.square(w).sum() as tf.Scalar);
    // d/dw sum(w^2) = 2w
    const [g, v] = [await grads[w.name]!.data(), await w.data()];
    expect(g.length).toBe(7840);
    for (let i = 0; i < g.length; i++) expect(g[i]).toBeCloseTo(2 * v[i]!, 6);
    tf.dispose([w, ...Object.values(grads)]);
  });
});
