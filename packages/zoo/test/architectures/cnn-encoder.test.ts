import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { cnn, cnnEncoder } from '../../src/index.js';

describe('cnnEncoder', () => {
  it("is the cnn's first 12 layers: the cnn's names, shapes and initial weights for a seed, 128-d features", async () => {
    const before = tf.memory().numTensors;
    const enc = cnnEncoder(5);
    const net = cnn(5);
    const e = { ...enc.parameters(), ...enc.buffers() };
    const c = { ...net.parameters(), ...net.buffers() };
    expect(Object.keys(e).sort()).toEqual(Object.keys(c).filter((k) => !k.startsWith('13.')).sort());
    for (const [k, v] of Object.entries(e)) expect(Array.from(await v.data()), k).toEqual(Array.from(await c[k]!.data()));
    const x = tf.randomNormal([3, 28, 28, 1], 0, 1, 'float32', 1);
    const f = enc.apply(x, { training: false });
    expect(f.shape).toEqual([3, 128]);
    expect(Math.min(...(await f.data()))).toBeGreaterThanOrEqual(0); // after the ReLU
    tf.dispose([x, f]);
    enc.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
