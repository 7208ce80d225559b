import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dropPath, stochasticDepth } from '../src/index.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('stochasticDepth', () => {
  it('is the identity in eval mode', async () => {
    const x = tf.randomNormal([3, 2, 2, 1], 0, 1, 'float32', 1);
    const y = expectNoLeak(() => stochasticDepth(0.5).eval().apply(x));
    await expectTensorsClose(y, x, { rtol: 0, atol: 0 });
    tf.dispose([x, y]);
  });

  it('row mode drops whole samples with probability p, scales the rest: expected value kept over 10000 samples', async () => {
    const x = tf.ones([10000, 3]);
    const y = expectNoLeak(() => dropPath(0.2).apply(x, { rng: new Rng(9) }));
    const v = (await y.array()) as number[][];
    for (const row of v) expect(row[0] === row[1] && row[1] === row[2] && (row[0] === 0 || Math.abs(row[0]! - 1.25) < 1e-6)).toBe(true);
    const dropped = v.filter((r) => r[0] === 0).length / v.length;
    const mean = v.reduce((a, r) => a + r[0]!, 0) / v.length;
    // σ of the drop fraction √(0.2·0.8/10000) = 0.004; of the mean √(0.2/0.8/10000) = 0.005.
    expect(Math.abs(dropped - 0.2)).toBeLessThan(0.02);
    expect(Math.abs(mean - 1)).toBeLessThan(0.025);
    tf.dispose([x, y]);
  });

  it('batch mode drops the whole batch or keeps it; deterministic for a seed', async () => {
    const x = tf.ones([4, 2]);
    const outs = new Set<number>();
    const rng = new Rng(2);
    for (let i = 0; i < 20; i++) {
      const y = stochasticDepth(0.5, { mode: 'batch' }).apply(x, { rng });
      const v = Array.from(await y.data());
      expect(new Set(v).size).toBe(1);
      outs.add(v[0]!);
      y.dispose();
    }
    expect([...outs].sort()).toEqual([0, 2]);
    const a = stochasticDepth(0.5, { seed: 1 }).apply(x);
    const b = stochasticDepth(0.5, { seed: 1 }).apply(x);
    await expectTensorsClose(a, b, { rtol: 0, atol: 0 });
    tf.dispose([x, a, b]);
  });
});

describe('stochasticDepth', () => {
  it('throws on bad options', () => {
    expectThrowNoLeak(() => stochasticDepth(2), 'stochasticDepth: p must be in [0, 1], got 2');
    expectThrowNoLeak(() => stochasticDepth(0.1, { mode: 'col' as never }), "stochasticDepth: mode must be one of 'row', 'batch', got 'col'");
  });
});
