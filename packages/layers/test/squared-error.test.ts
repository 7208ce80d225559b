import { describe, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { squaredError } from '../src/index.js';
import fx from './fixtures/losses.json';
import { expectThrowNoLeak, T, tol } from './helpers.js';

describeBackends('squaredError', (backend) => {
  it("is the notes' C0 per sample, averaged over the batch; gradient matches PyTorch", async () => {
    const pred = T(fx.squaredError.pred);
    const target = T(fx.squaredError.target);
    const perSample = expectNoLeak(() => squaredError(pred, target, { reduction: 'none' }));
    const mean = expectNoLeak(() => squaredError(pred, target));
    const g = expectNoLeak(() => tf.grad((t: tf.Tensor) => squaredError(t, target))(pred));
    await expectTensorsClose(perSample, fx.squaredError.perSample, tol(backend));
    await expectTensorsClose(mean, fx.squaredError.mean, tol(backend));
    await expectTensorsClose(g, fx.squaredError.grad, tol(backend));
    tf.dispose([pred, target, perSample, mean, g]);
  });
});

describe('squaredError', () => {
  it('throws on mismatched shapes without leaking', () => {
    const a = tf.ones([2, 3]);
    const b = tf.ones([2, 4]);
    expectThrowNoLeak(() => squaredError(a, b), 'squaredError: expected target of shape [2, 3], got [2, 4]');
    tf.dispose([a, b]);
  });
});
