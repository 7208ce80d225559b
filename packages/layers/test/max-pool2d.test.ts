import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { gradientCheck, maxPool2d } from '../src/index.js';
import fx from './fixtures/pools.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, spaced, T } from './helpers.js';

describeBackends('maxPool2d', (backend) => {
  it('pools 2x2 windows with stride 2 by default', async () => {
    const x = T(fx.x);
    const y = expectNoLeak(() => maxPool2d(2).apply(x));
    await expectTensorsClose(y, fx.max2);
    tf.dispose([x, y]);
  });

  it('pads with -inf (padding 1, kernel 3, stride 2)', async () => {
    const x = tf.neg(T(fx.x));
    const y = expectNoLeak(() => maxPool2d(3, { stride: 2, padding: 1 }).apply(x));
    await expectTensorsClose(y, fx.maxNeg);
    tf.dispose([x, y]);
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3 (no ties)', async () => {
    const x = spaced([1, 4, 4, 2]);
    const pool = maxPool2d(2);
    const r = await expectNoLeak(() => gradientCheck(([x]) => pool.apply(x!), [x]));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
  });
});

describe('maxPool2d', () => {
  it('throws on rank and a kernel larger than the input, without leaking', () => {
    const a = tf.ones([1, 2, 2, 1]);
    const b = tf.ones([2, 2, 1]);
    expectThrowNoLeak(() => maxPool2d(3).apply(a), 'maxPool2d: expected input of shape [N, H, W, C], got [1, 2, 2, 1] (the 3x3 kernel');
    expectThrowNoLeak(() => maxPool2d(2).apply(b), 'maxPool2d: expected input of shape [N, H, W, C], got [2, 2, 1] (rank 4 expected, got rank 3)');
    expectThrowNoLeak(() => maxPool2d(2, { padding: 2 }), 'maxPool2d: padding must be at most half the kernel size');
    tf.dispose([a, b]);
  });
});
