import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { cnnDecoder, cnnEncoder } from '../../src/index.js';

describe('cnnDecoder', () => {
  it('maps a 128-d code back to a 28x28x1 image and its gradient reaches every parameter', () => {
    const before = tf.memory().numTensors;
    const enc = cnnEncoder(0);
    const dec = cnnDecoder(0);
    expect(Object.fromEntries(Object.entries(dec.parameters()).map(([k, v]) => [k, v.shape]))).toEqual({
      '0.kernel': [128, 3136], '0.bias': [3136], '4.kernel': [3, 3, 64, 32], '4.bias': [32], '7.kernel': [3, 3, 32, 1], '7.bias': [1],
    });
    const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 2);
    const vars = Object.values({ ...enc.parameters(), ...dec.parameters() });
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.squaredDifference(dec.apply(enc.apply(x, { training: true }), { training: true }), x)) as tf.Scalar, vars);
    expect(value.shape).toEqual([]);
    for (const v of vars) expect(tf.tidy(() => tf.sum(tf.abs(grads[v.name]!)).dataSync()[0]), v.name).toBeGreaterThan(0);
    tf.dispose([x, value, ...Object.values(grads)]);
    enc.dispose();
    dec.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('upsamples by nearest neighbour: a constant code plane stays constant', async () => {
    const dec = cnnDecoder(1);
    const up = dec.children()['3']!;
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = up.apply(x);
    expect(y.shape).toEqual([1, 4, 4, 1]);
    expect(Array.from(await y.data())).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    tf.dispose([x, y]);
    dec.dispose();
  });
});
