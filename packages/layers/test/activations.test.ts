import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { elu, leakyRelu, relu, selu, sigmoid, softmax, tanh } from '../src/index.js';
import fx from './fixtures/activations.json';
import { expectThrowNoLeak, T, tol } from './helpers.js';

type Act = (x: tf.Tensor, options?: never) => tf.Tensor;
const fns: Record<string, Act> = { sigmoid, tanh, relu, leakyRelu, elu, selu, softmax } as Record<string, Act>;

describeBackends('activations', (backend) => {
  for (const [name, cases] of Object.entries(fx.cases)) {
    for (const c of cases) {
      it(`${name}(${JSON.stringify(c.options)}) and its gradient match PyTorch`, async () => {
        const x = T(fx.x);
        const up = T(fx.upstream);
        const fn = (t: tf.Tensor) => fns[name]!(t, c.options as never);
        const y = expectNoLeak(() => fn(x));
        const g = expectNoLeak(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(fn(t), up)))(x));
        await expectTensorsClose(y, c.y, tol(backend));
        await expectTensorsClose(g, c.grad, tol(backend));
        tf.dispose([x, up, y, g]);
      });
    }
  }
});

describe('activations', () => {
  it('throw on bad options and ranks, without leaking', () => {
    const x = tf.ones([2, 3]);
    expectThrowNoLeak(() => leakyRelu(x, { negativeSlope: Number.NaN }), 'leakyRelu: negativeSlope must be a finite number, got NaN', TypeError);
    expectThrowNoLeak(() => elu(x, { alpha: 'a' as never }), 'elu: alpha must be a finite number', TypeError);
    expectThrowNoLeak(() => softmax(x, { axis: 2 }), 'softmax: expected input of shape a tensor with axis 2, got [2, 3]');
    expectThrowNoLeak(() => relu([1, 2] as never), 'relu: input must be a tf.Tensor', TypeError);
    x.dispose();
    expect(true).toBe(true);
  });
});
