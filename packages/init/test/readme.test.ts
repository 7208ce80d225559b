// The README's snippets, run as written.
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { activationStats, calculateGain, kaimingNormal, normal, xavierNormal, xavierUniform } from '../src/index.js';

describe('README', () => {
  it('first snippet: dense and conv weights', () => {
    const w1 = kaimingNormal([784, 256], { nonlinearity: 'relu', seed: 0 }); // dense [in, out]
    const w2 = xavierUniform([3, 3, 16, 32], { gain: calculateGain('tanh'), seed: 1 }); // conv [kh, kw, in, out]
    expect(w1.shape).toEqual([784, 256]);
    expect(w2.shape).toEqual([3, 3, 16, 32]);
    tf.dispose([w1, w2]);
  });

  it('activationStats snippet', async () => {
    const x = normal([16, 512], { seed: 0 });
    const ws = [1, 2, 3].map((seed) => xavierNormal([512, 512], { seed }));
    const stats = await activationStats(ws.map((w) => (h: tf.Tensor) => tf.tanh(tf.matMul(h, w))), x);
    expect(stats[2]!.std).toBeGreaterThan(0.35);
    expect(stats[2]!.std).toBeLessThan(0.45);
    tf.dispose([x, ...ws]);
  });
});
