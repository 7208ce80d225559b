import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { avgPool2d, gradientCheck } from '../src/index.js';
import fx from './fixtures/pools.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, T } from './helpers.js';

describeBackends('avgPool2d', (backend) => {
  it("counts the zero padding, as PyTorch's default (and not with countIncludePad: false)", async () => {
    const x = T(fx.x);
    const y = expectNoLeak(() => avgPool2d(3, { stride: 2, padding: 1 }).apply(x));
    await expectTensorsClose(y, fx.avgIncludePad);
    const z = expectNoLeak(() => avgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }).apply(x));
    await expectTensorsClose(z, fx.avgExcludePad);
    tf.dispose([x, y, z]);
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3', async () => {
    const x = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 1);
    const pool = avgPool2d(2, { stride: 1, padding: 1 });
    const r = await expectNoLeak(() => gradientCheck(([x]) => pool.apply(x!), [x]));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
  });
});

describe('avgPool2d', () => {
  it('throws when the kernel is larger than the input, without leaking', () => {
    const a = tf.ones([1, 2, 2, 1]);
    expectThrowNoLeak(() => avgPool2d(3).apply(a), 'avgPool2d: expected input of shape [N, H, W, C], got [1, 2, 2, 1]');
    a.dispose();
  });
});
