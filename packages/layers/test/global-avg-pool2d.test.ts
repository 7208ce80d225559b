import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { globalAvgPool2d } from '../src/index.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('globalAvgPool2d', () => {
  it('averages height and width: [N, C], or [N, 1, 1, C] with keepDims', async () => {
    const x = tf.range(0, 16).reshape([1, 2, 4, 2]);
    const y = expectNoLeak(() => globalAvgPool2d().apply(x));
    await expectTensorsClose(y, [[7, 8]]);
    const z = expectNoLeak(() => globalAvgPool2d({ keepDims: true }).apply(x));
    expect(z.shape).toEqual([1, 1, 1, 2]);
    tf.dispose([x, y, z]);
  });
});

describe('globalAvgPool2d', () => {
  it('throws on rank', () => {
    const x = tf.ones([2, 3]);
    expectThrowNoLeak(() => globalAvgPool2d().apply(x), 'globalAvgPool2d: expected input of shape [N, H, W, C], got [2, 3]');
    x.dispose();
  });
});
