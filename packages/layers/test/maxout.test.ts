import { describe, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { maxout } from '../src/index.js';
import fx from './fixtures/maxout.json';
import { expectThrowNoLeak, T, tol } from './helpers.js';

describeBackends('maxout', (backend) => {
  it('matches PyTorch on features (3 pieces): output and gradient', async () => {
    const x = T(fx.x);
    const up = T(fx.upstream);
    const y = expectNoLeak(() => maxout(x, { pieces: fx.pieces }));
    const g = expectNoLeak(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(maxout(t, { pieces: fx.pieces }), up)))(x));
    await expectTensorsClose(y, fx.y, tol(backend));
    await expectTensorsClose(g, fx.grad, tol(backend));
    tf.dispose([x, up, y, g]);
  });

  it('matches PyTorch on NHWC channels (2 pieces)', async () => {
    const x = T(fx.convX);
    const y = expectNoLeak(() => maxout(x, { pieces: fx.convPieces }));
    await expectTensorsClose(y, fx.convY, tol(backend));
    tf.dispose([x, y]);
  });
});

describe('maxout', () => {
  it('throws when the axis is not a multiple of pieces, without leaking', () => {
    const x = tf.ones([2, 5]);
    expectThrowNoLeak(() => maxout(x, { pieces: 2 }), 'maxout: expected input of shape axis -1 of a multiple of 2 (units · pieces), got [2, 5]');
    expectThrowNoLeak(() => maxout(x, { pieces: 0 }), 'maxout: pieces must be >= 1, got 0');
    x.dispose();
  });
});
