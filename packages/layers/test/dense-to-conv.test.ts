import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { dense, denseToConv, flatten } from '../src/index.js';
import { expectThrowNoLeak, tol } from './helpers.js';

describeBackends('denseToConv', (backend) => {
  it("gives the dense layer's output on the same input, and slides over larger ones", async () => {
    const fc = dense(3 * 3 * 2, 4, { seed: 1 });
    const conv = expectNoLeak(() => denseToConv(fc, [3, 3, 2]));
    expect(conv.kernel.shape).toEqual([3, 3, 2, 4]);
    const x = tf.randomNormal([2, 3, 3, 2], 0, 1, 'float32', 5);
    const y = expectNoLeak(() => conv.apply(x));
    const expected = tf.tidy(() => fc.apply(flatten().apply(x)));
    expect(y.shape).toEqual([2, 1, 1, 4]);
    await expectTensorsClose(y.reshape([2, 4]), expected, tol(backend));
    const big = tf.randomNormal([1, 5, 4, 2], 0, 1, 'float32', 6);
    const z = expectNoLeak(() => conv.apply(big));
    expect(z.shape).toEqual([1, 3, 2, 4]);
    const corner = tf.tidy(() => fc.apply(flatten().apply(tf.slice(big, [0, 2, 1, 0], [1, 3, 3, 2]))));
    await expectTensorsClose(tf.slice(z, [0, 2, 1, 0], [1, 1, 1, 4]).reshape([1, 4]), corner, tol(backend));
    tf.dispose([x, y, expected, big, z, corner]);
    fc.dispose();
    conv.dispose();
  });
});

describe('denseToConv', () => {
  it('throws when the input shape does not match the dense layer', () => {
    const fc = dense(8, 2, { seed: 0 });
    expectThrowNoLeak(() => denseToConv(fc, [3, 3, 1]), 'denseToConv: inputShape [3, 3, 1] has 9 features, the dense layer expects 8');
    fc.dispose();
  });
});
