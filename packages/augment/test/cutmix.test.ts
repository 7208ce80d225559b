import { it, expect } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { cutmix } from '../src/index.js';
import { softCrossEntropy } from './support/losses.js';

describeBackends('cutmix', () => {
  it('pastes one box from the partners; lambda is the kept fraction; soft labels sum to 1', async () => {
    const n = 5;
    // Image i is constant i + 1, so each pixel tells which image it came from.
    const x = tf.tidy(() => tf.mul(tf.ones([n, 8, 10, 1]), tf.reshape(tf.range(1, n + 1, 1, 'float32'), [n, 1, 1, 1]))) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1], 'int32'), 3);
    const r = expectNoLeak(() => cutmix({ alpha: 1 })(x, labels, 4));
    const v = await r.images.array();
    for (let i = 0; i < n; i++) {
      const own = v[i]!.flat().filter((p) => p[0] === i + 1).length;
      const partner = v[i]!.flat().filter((p) => p[0] === r.index[i]! + 1).length;
      if (r.index[i] !== i) {
        expect(own / 80).toBeCloseTo(r.lambda, 10);
        expect(own + partner).toBe(80);
      }
    }
    await expectTensorsClose(tf.sum(r.labels, 1), tf.ones([n]), { rtol: 1e-6, atol: 1e-6 });
    const logits = tf.randomNormal([n, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const mixed = softCrossEntropy(logits, r.labels);
    const a = softCrossEntropy(logits, labels as tf.Tensor2D);
    const b = softCrossEntropy(logits, tf.gather(labels, tf.tensor1d(r.index, 'int32')) as tf.Tensor2D);
    await expectTensorsClose(mixed, tf.add(tf.mul(a, r.lambda), tf.mul(b, 1 - r.lambda)), { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([x, labels, r.images, r.labels, logits, mixed, a, b]);
  });
});

it('cutmix rejects bad options', () => {
  expect(() => cutmix({ alpha: -1 })).toThrow(/cutmix: alpha must be a finite number > 0, got -1/);
  const x = tf.zeros([2, 2, 2]) as unknown as tf.Tensor4D;
  const y = tf.zeros([2, 3]);
  expect(() => cutmix()(x, y)).toThrow(/cutmix: images must be an NHWC batch/);
  tf.dispose([x, y]);
});
