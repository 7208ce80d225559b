import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { softmaxCrossEntropy } from '../src/index.js';
import type { SoftmaxCrossEntropyOptions } from '../src/index.js';
import fx from './fixtures/losses.json';
import ig from './fixtures/cross-entropy-ignore.json';
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

  // JSON has no NaN: the generator writes null.
  const nan = (v: unknown): number[] | number => (Array.isArray(v) ? v.map((e) => (e === null ? NaN : (e as number))) : v === null ? NaN : (v as number));
  for (const c of ig.cases) {
    it(`matches F.cross_entropy with ignore_index (labels ${JSON.stringify(c.labels)}, ${JSON.stringify(c.options)}): loss and gradient`, async () => {
      const logits = T(ig.logits);
      const labels = tf.tensor1d(c.labels, 'int32');
      const o = c.options as { weight?: boolean; labelSmoothing?: number; reduction: 'mean' | 'sum' | 'none'; ignoreIndex?: number };
      const options: SoftmaxCrossEntropyOptions = { labelSmoothing: o.labelSmoothing, reduction: o.reduction, ignoreIndex: o.ignoreIndex, weight: o.weight ? ig.weight : undefined };
      const loss = expectNoLeak(() => softmaxCrossEntropy(logits, labels, options));
      const g = expectNoLeak(() => tf.grad((t: tf.Tensor) => tf.sum(softmaxCrossEntropy(t, labels, options)))(logits));
      await expectTensorsClose(loss, nan(c.loss), tol(backend));
      await expectTensorsClose(g, c.grad, tol(backend));
      // The same with the labels as an array (range-checked, the ignore value accepted).
      const fromArray = expectNoLeak(() => softmaxCrossEntropy(logits, c.labels, options));
      await expectTensorsClose(fromArray, nan(c.loss), tol(backend));
      tf.dispose([logits, labels, loss, g, fromArray]);
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
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1]), 'softmaxCrossEntropy: labels must be 3 integers in [0, 4) or ignoreIndex -100, got [0,1]');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 4]), 'labels must be 3 integers in [0, 4)');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, soft), 'softmaxCrossEntropy: expected soft labels of shape [3, 4], got [3, 5]');
    const flat = soft.reshape([15]);
    expectThrowNoLeak(() => softmaxCrossEntropy(flat, [0]), 'softmaxCrossEntropy: expected input of shape [N, C] (logits), got [15]');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { labelSmoothing: 1.5 }), 'softmaxCrossEntropy: labelSmoothing must be in [0, 1], got 1.5');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { reduction: 'avg' as never }), "softmaxCrossEntropy: reduction must be one of 'mean', 'sum', 'none', got 'avg'");
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { weight: [1, 2] }), 'softmaxCrossEntropy: expected weight of shape [4], got [2]');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, -100, 2], { ignoreIndex: -1 }), 'softmaxCrossEntropy: labels must be 3 integers in [0, 4) or ignoreIndex -1, got [0,-100,2]');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, -1, 4], { ignoreIndex: 2 }), 'softmaxCrossEntropy: labels must be 3 integers in [0, 4), got [0,-1,4]');
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { ignoreIndex: 1.5 }), 'softmaxCrossEntropy: ignoreIndex must be an integer, got 1.5', TypeError);
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { ignoreIndex: '-100' as never }), "softmaxCrossEntropy: ignoreIndex must be an integer, got '-100'", TypeError);
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, [0, 1, 2], { ignoreIndex: 2 ** 32 }), 'softmaxCrossEntropy: ignoreIndex must fit in int32 (labels are int32), got 4294967296');
    const soft3 = tf.ones([3, 4]);
    expectThrowNoLeak(() => softmaxCrossEntropy(logits, soft3, { ignoreIndex: 0 }), "softmaxCrossEntropy: ignoreIndex applies to integer labels only; with soft labels it must be negative (PyTorch's rule), got 0");
    soft3.dispose();
    tf.dispose([logits, soft, flat]);
    expect(true).toBe(true);
  });

  it('accepts a negative ignoreIndex with soft labels (ignored there, as PyTorch)', async () => {
    const logits = T(fx.logits);
    const soft = T(fx.soft);
    const a = softmaxCrossEntropy(logits, soft);
    const b = softmaxCrossEntropy(logits, soft, { ignoreIndex: -5 });
    await expectTensorsClose(b, a, { rtol: 0, atol: 0 });
    tf.dispose([logits, soft, a, b]);
  });

  it('an ignored sample with non-finite logits leaves the loss finite, and gets a zero gradient', async () => {
    const logits = tf.tensor2d([[1, 2, 3], [Infinity, -Infinity, NaN], [0.5, 0, -0.5]]);
    const loss = softmaxCrossEntropy(logits, [0, -100, 2], { reduction: 'none' });
    const v = await loss.data();
    expect(v[1]).toBe(0);
    expect(Number.isFinite(v[0]) && Number.isFinite(v[2])).toBe(true);
    tf.dispose([logits, loss]);
  });
});
