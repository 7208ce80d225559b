import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import fx from './fixtures/proxy-losses.json';
import { contrastiveLoss } from '../src/index.js';
import { TOL } from './support.js';

// Hadsell-Chopra-LeCun 2006 against PyTorch 1.13 (scripts/fixtures/transfer/gen_proxy_losses.py):
// values for each reduction and the gradients of the mean, at 1e-5, on every backend.
describeBackends('contrastiveLoss against PyTorch (Y = 0 similar)', () => {
  for (const [i, c] of fx.contrastive.entries()) {
    it(`case ${i} (margin ${c.margin}): values and gradients from the embeddings`, async () => {
      const a = tf.tensor2d(c.a);
      const b = tf.tensor2d(c.b);
      const y = tf.tensor1d(c.y);
      for (const reduction of ['mean', 'sum', 'none'] as const) {
        const v = contrastiveLoss(a, b, y, { margin: c.margin, reduction });
        await expectTensorsClose(v, c[reduction] as never, { ...TOL, message: reduction });
        v.dispose();
      }
      const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => contrastiveLoss(p, q, y, { margin: c.margin }))([a, b]);
      await expectTensorsClose(ga!, c.gradA, { ...TOL, message: 'dL/da' });
      await expectTensorsClose(gb!, c.gradB, { ...TOL, message: 'dL/db' });
      // the labels as an array give the same
      const arr = contrastiveLoss(a, b, c.y, { margin: c.margin, reduction: 'none' });
      await expectTensorsClose(arr, c.none, TOL);
      tf.dispose([a, b, y, ga!, gb!, arr]);
    });

    it(`case ${i}: from distances, with the gradient of the sum`, async () => {
      const d = tf.tensor1d(c.d);
      const y = tf.tensor1d(c.y, 'int32');
      const v = contrastiveLoss(d, y, { margin: c.margin, reduction: 'none' });
      await expectTensorsClose(v, c.none, TOL);
      const g = tf.grad((x: tf.Tensor) => contrastiveLoss(x, y, { margin: c.margin, reduction: 'sum' }))(d);
      await expectTensorsClose(g, c.gradDSum, { ...TOL, message: 'dL/dD' });
      tf.dispose([d, y, v, g]);
    });
  }

  it('leaks nothing, also through its gradient', () => {
    const c = fx.contrastive[0]!;
    const [a, b, y] = [tf.tensor2d(c.a), tf.tensor2d(c.b), tf.tensor1d(c.y)];
    expectNoLeak(() => {
      contrastiveLoss(a, b, y).dispose();
      tf.dispose(tf.grads((p: tf.Tensor, q: tf.Tensor) => contrastiveLoss(p, q, y, { margin: 2 }))([a, b]));
    });
    tf.dispose([a, b, y]);
  });
});

describe('contrastiveLoss: the convention and bad inputs', () => {
  it('Y = 0 is the similar pair: identical embeddings with y = 0 cost nothing, with y = 1 cost m²/2', async () => {
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const same = contrastiveLoss(a, a, [0, 0], { reduction: 'sum' });
    const apart = contrastiveLoss(a, a, [1, 1], { margin: 2, reduction: 'none' });
    expect(Array.from(await same.data())).toEqual([0]);
    await expectTensorsClose(apart, [2, 2], { atol: 1e-5 });
    // a dissimilar pair at distance 0 has a zero, not NaN, gradient (as PyTorch's norm)
    const g = tf.grad((p: tf.Tensor) => contrastiveLoss(p, a, [1, 1]))(a);
    expect(Array.from(await g.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([a, same, apart, g]);
  });

  it('throws before any tensor is made', () => {
    const [a, d, b33, y31, y2] = [tf.zeros([3, 2]), tf.zeros([3]), tf.zeros([3, 3]), tf.zeros([3, 1]), tf.zeros([2])];
    const before = tf.memory().numTensors;
    expect(() => contrastiveLoss(a, b33, [0, 1, 0])).toThrow('contrastiveLoss: the two embeddings must have the same shape, got [3, 2] and [3, 3]');
    expect(() => contrastiveLoss(a, a, [0, 1])).toThrow(new RangeError('contrastiveLoss: y must have 3 labels (one per pair), got 2'));
    expect(() => contrastiveLoss(a, a, y2)).toThrow('contrastiveLoss: y must be [3] (one 0/1 label per pair), got shape [2]');
    expect(() => contrastiveLoss(d, y31)).toThrow('contrastiveLoss: y must be [3] (one 0/1 label per pair), got shape [3, 1]');
    expect(() => contrastiveLoss(a, a, [0, 1, 2])).toThrow('contrastiveLoss: y must hold 0 (similar pair) or 1 (dissimilar pair), got 2 at index 2');
    expect(() => contrastiveLoss(d, [0, 1, -1])).toThrow('got -1 at index 2');
    expect(() => contrastiveLoss(d, [0, 1, 0], { margin: -1 })).toThrow('contrastiveLoss: margin must be a finite number >= 0, got -1');
    expect(() => contrastiveLoss(d, [0, 1, 0], { margin: Number.NaN })).toThrow(RangeError);
    expect(() => contrastiveLoss(d, [0, 1, 0], { reduction: 'avg' as never })).toThrow("contrastiveLoss: reduction must be 'mean', 'sum' or 'none', got 'avg'");
    expect(() => contrastiveLoss(d, [0, 1, 0], { margn: 1 } as never)).toThrow("contrastiveLoss: unknown option 'margn'");
    expect(() => contrastiveLoss(a, [0, 1, 0])).toThrow('contrastiveLoss: distances must be [N], got shape [3, 2] (for embeddings pass both: contrastiveLoss(a, b, y))');
    expect(() => contrastiveLoss(d, 'abc' as never)).toThrow(TypeError);
    expect(() => contrastiveLoss(5 as never, [0])).toThrow(TypeError);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, d, b33, y31, y2]);
  });
});
