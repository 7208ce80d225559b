import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dropout } from '../src/index.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('dropout', () => {
  it('is the identity in eval mode', async () => {
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 1);
    const layer = dropout(0.5).eval();
    const y = expectNoLeak(() => layer.apply(x));
    await expectTensorsClose(y, x, { rtol: 0, atol: 0 });
    const z = expectNoLeak(() => dropout(0.5).apply(x, { training: false }));
    await expectTensorsClose(z, x, { rtol: 0, atol: 0 });
    tf.dispose([x, y, z]);
  });

  it('zeroes a fraction p and scales the rest by 1/(1-p): expected value kept over 20000 elements', async () => {
    const x = tf.ones([20000]);
    const y = expectNoLeak(() => dropout(0.3).apply(x, { rng: new Rng(7) }));
    const v = Array.from(await y.data());
    const zeros = v.filter((e) => e === 0).length / v.length;
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    // σ of the zero fraction: √(0.3·0.7/20000) ≈ 0.0032; of the mean: √(0.3/0.7/20000) ≈ 0.0046.
    expect(Math.abs(zeros - 0.3)).toBeLessThan(0.016);
    expect(Math.abs(mean - 1)).toBeLessThan(0.023);
    for (const e of v) expect(e === 0 || Math.abs(e - 1 / 0.7) < 1e-6).toBe(true);
    tf.dispose([x, y]);
  });

  it('is deterministic for a given seed', async () => {
    const x = tf.ones([50]);
    const a = expectNoLeak(() => dropout(0.5, { seed: 3 }).apply(x));
    const b = expectNoLeak(() => dropout(0.5, { seed: 3 }).apply(x));
    const c = expectNoLeak(() => dropout(0.5).apply(x, { rng: new Rng(4) }));
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    expect(Array.from(await a.data())).not.toEqual(Array.from(await c.data()));
    tf.dispose([x, a, b, c]);
  });
});

describe('dropout', () => {
  it('throws on p outside [0, 1]', () => {
    expectThrowNoLeak(() => dropout(1.5), 'dropout: p must be in [0, 1], got 1.5');
    const x = tf.ones([1]);
    expectThrowNoLeak(() => dropout(0.5).apply(x, { training: 1 as never }), 'dropout: training must be a boolean, got 1', TypeError);
    x.dispose();
  });
});
