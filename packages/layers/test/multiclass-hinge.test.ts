import { describe, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { multiclassHinge } from '../src/index.js';
import type { MulticlassHingeOptions } from '../src/index.js';
import fx from './fixtures/losses.json';
import { expectThrowNoLeak, T, tol } from './helpers.js';

describeBackends('multiclassHinge', (backend) => {
  for (const c of fx.hinge) {
    it(`matches F.multi_margin_loss (${JSON.stringify(c.options)}): loss and gradient`, async () => {
      const scores = T(fx.logits);
      const o = c.options as { weight?: boolean; p?: 1 | 2; margin?: number; reduction?: 'mean' | 'sum' | 'none' };
      const options: MulticlassHingeOptions = { ...o, weight: o.weight ? fx.weight : undefined };
      const loss = expectNoLeak(() => multiclassHinge(scores, fx.labels, options));
      const g = expectNoLeak(() => tf.grad((t: tf.Tensor) => tf.sum(multiclassHinge(t, fx.labels, options)))(scores));
      await expectTensorsClose(loss, c.loss, tol(backend));
      await expectTensorsClose(g, c.grad, tol(backend));
      tf.dispose([scores, loss, g]);
    });
  }
});

describe('multiclassHinge', () => {
  it('throws on bad options before making tensors', () => {
    const s = tf.ones([2, 3]);
    expectThrowNoLeak(() => multiclassHinge(s, [0, 1], { p: 3 as never }), 'multiclassHinge: p must be 1 or 2, got 3');
    expectThrowNoLeak(() => multiclassHinge(s, [0, 1], { margin: Number.POSITIVE_INFINITY }), 'multiclassHinge: margin must be a finite number', TypeError);
    s.dispose();
  });
});
