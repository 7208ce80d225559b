import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { flatten } from '../src/index.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('flatten', () => {
  it('keeps the batch axis and flattens the rest in (h, w, c) order', async () => {
    const x = tf.range(0, 12).reshape([2, 1, 3, 2]);
    const y = expectNoLeak(() => flatten().apply(x));
    expect(y.shape).toEqual([2, 6]);
    expect(Array.from(await y.data())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    tf.dispose([x, y]);
  });
});

describe('flatten', () => {
  it('throws on a scalar', () => {
    const x = tf.scalar(1);
    expectThrowNoLeak(() => flatten().apply(x), 'flatten: expected input of shape [N, ...], got []');
    x.dispose();
  });
});
