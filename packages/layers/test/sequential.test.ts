import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { batchNorm2d, conv2d, dense, flatten, gradientCheck, relu, sequential } from '../src/index.js';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak } from './helpers.js';

describeBackends('sequential', (backend) => {
  it('applies layers in order, functions included, children named 0, 1, …', async () => {
    const net = sequential(dense(3, 4, { seed: 1 }), relu, dense(4, 2, { seed: 2 }));
    expect(Object.keys(net.parameters())).toEqual(['0.kernel', '0.bias', '2.kernel', '2.bias']);
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 1);
    const y = expectNoLeak(() => net.apply(x));
    const [l0, , l2] = net.layers;
    const expected = tf.tidy(() => l2!.apply(tf.relu(l0!.apply(x))));
    await expectTensorsClose(y, expected, { rtol: 0, atol: 0 });
    tf.dispose([x, y, expected]);
    net.dispose();
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck through a small net: worst relative error < 1e-3', async () => {
    const net = sequential(dense(3, 4, { seed: 1 }), tf.tanh, dense(4, 2, { seed: 2 }));
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 1);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => net.apply(x), { x, ...net.parameters() }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    net.dispose();
  });
});

describe('sequential', () => {
  it('an error names the failing layer and leaks nothing', () => {
    const net = sequential(conv2d(1, 2, 3, { seed: 0 }), batchNorm2d(2), flatten(), dense(10, 2, { seed: 0 }));
    const x = tf.ones([2, 4, 4, 1]);
    expectThrowNoLeak(() => net.apply(x), 'dense: expected input of shape [..., 10], got [2, 8]');
    x.dispose();
    net.dispose();
    expectThrowNoLeak(() => sequential(3 as never), 'sequential: a layer must be a Module or a function', TypeError);
  });
});
