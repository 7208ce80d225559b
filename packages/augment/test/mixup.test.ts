import { it, expect } from 'vitest';
import { tf, Rng } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { mixup } from '../src/index.js';
import { beta } from '../src/internal/beta.js';
import { softCrossEntropy } from './support/losses.js';

describeBackends('mixup', () => {
  it('mixes images linearly and gives soft labels that sum to 1', async () => {
    const x = tf.randomUniform([6, 4, 4, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 1, 2, 3, 4, 1], 'int32');
    const m = mixup({ alpha: 0.4, numClasses: 5 });
    const r = expectNoLeak(() => m(x, labels, 12));
    expect(r.lambda).toBeGreaterThanOrEqual(0);
    expect(r.lambda).toBeLessThanOrEqual(1);
    await expectTensorsClose(tf.sum(r.labels, 1), tf.ones([6]), { rtol: 1e-6, atol: 1e-6 });
    const idx = tf.tensor1d(r.index, 'int32');
    const expected = tf.add(tf.mul(x, r.lambda), tf.mul(tf.gather(x, idx), 1 - r.lambda));
    await expectTensorsClose(r.images, expected, { rtol: 1e-5, atol: 1e-6 });
    const again = m(x, labels, 12);
    await expectTensorsClose(again.images, r.images, { rtol: 0, atol: 0 });
    tf.dispose([x, labels, r.images, r.labels, idx, expected, again.images, again.labels]);
  });

  it('the loss with the soft labels is the lambda-weighted sum of the two hard-label losses', async () => {
    const x = tf.randomUniform([8, 3, 3, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
    const r = mixup({ alpha: 1, numClasses: 4 })(x, y, 5);
    const logits = tf.randomNormal([8, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
    const mixed = softCrossEntropy(logits, r.labels);
    const hardA = softCrossEntropy(logits, tf.oneHot(y, 4) as tf.Tensor2D);
    const hardB = softCrossEntropy(logits, tf.oneHot(tf.gather(y, tf.tensor1d(r.index, 'int32')), 4) as tf.Tensor2D);
    const weighted = tf.add(tf.mul(hardA, r.lambda), tf.mul(hardB, 1 - r.lambda));
    await expectTensorsClose(mixed, weighted, { rtol: 1e-5, atol: 1e-6 });
    // tf.losses.softmaxCrossEntropy accepts the soft labels too.
    const tfLoss = tf.losses.softmaxCrossEntropy(r.labels, logits);
    await expectTensorsClose(tfLoss, weighted, { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([x, y, r.images, r.labels, logits, mixed, hardA, hardB, weighted, tfLoss]);
  });
});

it('mixup draws lambda from Beta(alpha, alpha)', () => {
  for (const alpha of [0.2, 1, 4]) {
    const rng = new Rng(7);
    const n = 5000;
    const xs = Array.from({ length: n }, () => beta(rng, alpha, alpha));
    const mean = xs.reduce((s, v) => s + v, 0) / n;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const trueVar = 1 / (4 * (2 * alpha + 1));
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(trueVar / n));
    expect(Math.abs(variance - trueVar) / trueVar).toBeLessThan(0.08);
  }
});

it('mixup rejects bad options before making tensors', () => {
  expect(() => mixup({ alpha: 0 })).toThrow(/mixup: alpha must be a finite number > 0, got 0/);
  const x = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
  const y = tf.tensor1d([0, 1], 'int32');
  const before = tf.memory().numTensors;
  expect(() => mixup()(x, y)).toThrow(/mixup: numClasses must be a positive integer for integer labels/);
  const y3 = tf.tensor1d([0, 1, 1], 'int32');
  expect(() => mixup({ numClasses: 2 })(x, y3)).toThrow(/mixup: labels must have one row per image \(2\)/);
  expect(tf.memory().numTensors).toBe(before + 1);
  tf.dispose([x, y, y3]);
});
