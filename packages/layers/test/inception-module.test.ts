import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { gradientCheck, inceptionModule } from '../src/index.js';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak } from './helpers.js';

const widths = { ch1x1: 2, ch3x3Reduce: 2, ch3x3: 3, ch5x5Reduce: 1, ch5x5: 2, poolProj: 1 };

describeBackends('inceptionModule', (backend) => {
  it('concatenates the 1x1, 3x3, 5x5 and pool branches along channels, size kept', async () => {
    const m = inceptionModule(3, { ...widths, seed: 0 });
    const x = tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 1);
    const y = expectNoLeak(() => m.apply(x));
    expect(y.shape).toEqual([2, 5, 5, 8]);
    const parts = tf.tidy(() => m.branches.map((b) => b.apply(x)));
    const expected = tf.concat(parts, 3);
    await expectTensorsClose(y, expected, { rtol: 0, atol: 0 });
    expect(Object.keys(m.parameters())).toContain('branch2.2.kernel');
    expect(m.parameters()['branch3.2.kernel']!.shape).toEqual([5, 5, 1, 2]);
    tf.dispose([x, y, expected, ...parts]);
    m.dispose();
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3', async () => {
    const m = inceptionModule(1, { ch1x1: 1, ch3x3Reduce: 1, ch3x3: 1, ch5x5Reduce: 1, ch5x5: 1, poolProj: 1, seed: 2 });
    const x = tf.randomNormal([1, 3, 3, 1], 0, 1, 'float32', 4);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => m.apply(x), { x, ...m.parameters() }, { epsilon: 3e-3 }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    m.dispose();
  });
});

describe('inceptionModule', () => {
  it('throws on missing widths and a wrong channel count', () => {
    expectThrowNoLeak(() => inceptionModule(3, { ...widths, poolProj: 0 }), 'inceptionModule: poolProj must be >= 1, got 0');
    const m = inceptionModule(3, { ...widths, seed: 0 });
    const x = tf.ones([1, 5, 5, 2]);
    expectThrowNoLeak(() => m.apply(x), 'inceptionModule: expected input of shape [N, H, W, 3], got [1, 5, 5, 2]');
    x.dispose();
    m.dispose();
  });
});
