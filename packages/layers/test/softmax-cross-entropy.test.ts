import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { softmaxCrossEntropy } from '../src/index.js';
import type { SoftmaxCrossEntropyOptions } from '../src/index.js';
import fx from './fixtures/losses.json';
import { expectThrowNoLeak, T, tol } from './helpers.js';

describeBackends('softmaxCrossEntropy', (backend) => {
  for (const c of fx.crossEntropy) {
    it(`matches F.cross_entropy (${c.target} labels, ${JSON.stringify(c.options)}): loss and gradient`, async () => {
      const logits = T(fx.logits);
      const labels = c.target === 'hard' ? tf.tensor1d(fx.labels, 'int32') : T(fx.soft);
      const o = c.options as { weight?: boolean; labelSmoothing?: number; reduction?: 'mean' | 'sum' | 'none' };
      const options: SoftmaxCrossEntropyOptions = { labelSmoothing: o.labelSmoothing, reduction: o.reduction, weight: o.weight ? fx.weight : undefined };
      const loss = expectNoLeak(() => softmaxCrossEntropy(logits, labels, options));
      const g = expectNoLeak(() => tf.grad((t: tf.Tensor) => tf.sum(softmaxCrossEntropy(t, labels, options)))(logits));
      await expectTensorsClose(loss, c.loss, tol(backend));
      await expectTensorsClose(g, c.grad, tol(backend));
      tf.dispose([logits, labels, loss, g]);
    });
  }

  it('takes labels as an array', async () => {
    const logits = T(fx.logits);
    const loss = expectNoLeak(() => softmaxCrossEntropy(logits, fx.labels));
    await expectTensorsClose(loss, fx.crossEntropy[0]!.loss, tol(backend));
    tf.dispose([logits, loss]);
  });
});

describe('softmaxCrossEntropy', () => {
  it('throws on bad shapes and options, without leaking', () => {
    const logits = tf.ones([3, 4]);
    const soft = tf.ones([3, 5]);
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1]), 'softmaxCrossEntropy: labels must be 3 integers in [0, 4), got [0,1]');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 4]), 'labels must be 3 integers in [0, 4)');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, soft), 'softmaxCrossEntropy: expected soft labels of shape [3, 4], got [3, 5]');
    const flat = soft.reshape([15]);
    expectThrowNoLeak(() => softmaxCrossEntropy(flat, [0]), 'softmaxCrossEntropy: expected input of shape [N, C] (logits), got [15]');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { labelSmoothing: 1.5 }), 'softmaxCrossEntropy: labelSmoothing must be in [0, 1], got 1.5');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { reduction: 'avg' as never }), "softmaxCrossEntropy: reduction must be one of 'mean', 'sum', 'none', got 'avg'");
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { weight: [1, 2] }), 'softmaxCrossEntropy: expected weight of shape [4], got [2]');
    tf.dispose([logits, soft, flat]);
    expect(true).toBe(true);
  });
});
