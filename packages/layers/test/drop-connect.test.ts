import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dropConnect, gradientCheck } from '../src/index.js';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('dropConnect', (backend) => {
  it('uses all the weights in eval mode', async () => {
    const layer = dropConnect(4, 3, { p: 0.5, seed: 0 });
    const x = tf.randomNormal([2, 4], 0, 1, 'float32', 1);
    const y = expectNoLeak(() => layer.apply(x, { training: false }));
    const full = tf.add(tf.matMul(x, layer.kernel), layer.bias!);
    await expectTensorsClose(y, full);
    tf.dispose([x, y, full]);
    layer.dispose();
  });

  it('drops weights in training: the average output over many masks is the full layer', async () => {
    const layer = dropConnect(16, 2, { p: 0.5, seed: 0 });
    const x = tf.ones([1, 16]);
    const rng = new Rng(11);
    const calls = heavyOnGpu(backend) ? 100 : 400;
    const sum = tf.tidy(() => {
      let s: tf.Tensor = tf.zeros([1, 2]);
      for (let i = 0; i < calls; i++) s = tf.add(s, layer.apply(x, { rng }));
      return tf.div(s, calls);
    });
    const full = tf.tidy(() => layer.apply(x, { training: false }));
    // Per call each output has σ = √(Σ w² p/(1-p)) ≤ √(16 / 16) = 1 (|w| ≤ 1/4); the mean of `calls` draws ≤ 1/√calls.
    await expectTensorsClose(sum, full, { rtol: 0, atol: 4 / Math.sqrt(calls) });
    // One mask per call: some weights kept, some dropped.
    const once = tf.tidy(() => layer.apply(x, { rng: new Rng(1) }));
    expect(Array.from(await once.data())).not.toEqual(Array.from(await full.data()));
    tf.dispose([x, sum, full, once]);
    layer.dispose();
  });

  it('is deterministic for a given seed', async () => {
    const layer = dropConnect(3, 2, { p: 0.4, seed: 0 });
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 2);
    const a = expectNoLeak(() => layer.apply(x, { rng: new Rng(5) }));
    const b = expectNoLeak(() => layer.apply(x, { rng: new Rng(5) }));
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    tf.dispose([x, a, b]);
    layer.dispose();
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck with a fixed mask: worst relative error < 1e-3', async () => {
    const layer = dropConnect(3, 2, { p: 0.4, seed: 0 });
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 2);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => layer.apply(x, { rng: new Rng(5) }), { x, ...layer.parameters() }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    layer.dispose();
  });
});

describe('dropConnect', () => {
  it('throws on bad p and shapes', () => {
    expectThrowNoLeak(() => dropConnect(3, 2, { p: -0.1 }), 'dropConnect: p must be in [0, 1], got -0.1');
    const layer = dropConnect(3, 2, { seed: 0 });
    const x = tf.ones([2, 4]);
    expectThrowNoLeak(() => layer.apply(x), 'dropConnect: expected input of shape [..., 3], got [2, 4]');
    x.dispose();
    layer.dispose();
  });
});
