import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';

describeBackends('gradient and chained-op registration', () => {
  it('computes variable gradients after importing only @dl/core', async () => {
    const w = tf.variable(tf.tensor2d([[1, -2], [3, 0.5]]));
    const x = tf.tensor2d([[0.5, 1], [-1, 2]]);
    await expectNoLeak(async () => {
      const f = () => tf.sum(tf.square(tf.relu(tf.matMul(x, w)))) as tf.Scalar;
      const { value, grads } = tf.variableGrads(f);
      // The chain rule by hand: d/dW sum(relu(xW)^2) = x^T (2 relu(xW)).
      const expected = tf.tidy(() => tf.matMul(x, tf.mul(2, tf.relu(tf.matMul(x, w))), true, false));
      const direct = tf.tidy(f);
      await expectTensorsClose(grads[w.name]!, expected);
      await expectTensorsClose(value, direct);
      tf.dispose([value, expected, direct, ...Object.values(grads)]);
    });
    w.dispose();
    x.dispose();
  });

  it('registers chained ops on tensors', async () => {
    await expectNoLeak(async () => {
      const y = tf.tidy(() => tf.tensor([1, -2, 3]).abs().square().sum());
      const z = tf.tidy(() => tf.sum(tf.square(tf.abs(tf.tensor([1, -2, 3])))));
      await expectTensorsClose(y, z, { rtol: 0, atol: 0 });
      tf.dispose([y, z]);
    });
  });
});
