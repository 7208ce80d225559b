import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { batchNorm1d, batchNorm2d, gradientCheck } from '../src/index.js';
import fx from './fixtures/batch-norm.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, forwardBackward, setParams, T, tol } from './helpers.js';

describeBackends('batchNorm', (backend) => {
  for (const c of fx.cases) {
    const name = `${c.dims}d momentum ${String(c.momentum)} eps ${c.eps}`;
    it(`matches nn.BatchNorm${c.dims}d (${name}): train forward, gradients, running statistics, eval`, async () => {
      const make = c.dims === 1 ? batchNorm1d : batchNorm2d;
      const channels = c.gamma.length;
      const bn = make(channels, { momentum: c.momentum, eps: c.eps });
      setParams(bn, { gamma: c.gamma, beta: c.beta });
      const x0 = T(c.xs[0]);
      const up = T(c.upstream);
      const r = expectNoLeak(() => forwardBackward(bn, x0, up));
      await expectTensorsClose(r.y, c.trainOut[0]!, tol(backend));
      await expectTensorsClose(r.gx, c.gradX, tol(backend));
      await expectTensorsClose(r.grads.gamma!, c.gradGamma, tol(backend));
      await expectTensorsClose(r.grads.beta!, c.gradBeta, tol(backend));
      const x1 = T(c.xs[1]);
      const y1 = expectNoLeak(() => bn.apply(x1));
      await expectTensorsClose(y1, c.trainOut[1]!, tol(backend));
      const buffers = bn.buffers();
      await expectTensorsClose(buffers.runningMean!, c.runningMean, tol(backend));
      await expectTensorsClose(buffers.runningVar!, c.runningVar, tol(backend));
      expect(Array.from(await buffers.numBatchesTracked!.data())).toEqual([c.numBatchesTracked]);
      bn.eval();
      const xe = T(c.evalX);
      const ye = expectNoLeak(() => bn.apply(xe));
      await expectTensorsClose(ye, c.evalOut, tol(backend));
      expect(Array.from(await buffers.numBatchesTracked!.data())).toEqual([c.numBatchesTracked]);
      tf.dispose([x0, up, x1, y1, xe, ye, r.y, r.gx, ...Object.values(r.grads)]);
      bn.dispose();
    });
  }

  it('forceEval: running statistics and no update in training mode (equals eval), gradients still reach gamma and beta', async () => {
    const c = fx.cases.find((k) => k.dims === 2)!;
    const bn = batchNorm2d(c.gamma.length, { momentum: c.momentum, eps: c.eps });
    setParams(bn, { gamma: c.gamma, beta: c.beta });
    const x0 = T(c.xs[0]);
    bn.apply(x0).dispose(); // one training step: running statistics away from 0 / 1
    const before = bn.stateDict();
    const x1 = T(c.xs[1]);
    const up = T(c.upstream);
    bn.eval();
    const evalOut = bn.apply(x1);
    bn.train();
    bn.forceEval = true;
    expect(bn.forceEval).toBe(true);
    const r = expectNoLeak(() => forwardBackward(bn, x1, up));
    await expectTensorsClose(r.y, evalOut, tol(backend));
    for (const k of ['runningMean', 'runningVar', 'numBatchesTracked']) await expectTensorsClose(bn.buffers()[k]!, before[k]!, { rtol: 0, atol: 0 });
    // y = gamma * xhat + beta: d/dbeta = sum of upstream, d/dgamma = sum of upstream * xhat (running statistics)
    const want = tf.tidy(() => {
      const xhat = tf.div(tf.sub(x1, before.runningMean!), tf.sqrt(tf.add(before.runningVar!, c.eps)));
      return { g: tf.sum(tf.mul(up, xhat), [0, 1, 2]), b: tf.sum(up, [0, 1, 2]) };
    });
    await expectTensorsClose(r.grads.gamma!, want.g, tol(backend));
    await expectTensorsClose(r.grads.beta!, want.b, tol(backend));
    bn.forceEval = false;
    const y2 = bn.apply(x1); // training again: batch statistics, an update
    expect(Array.from(await bn.buffers().numBatchesTracked!.data())).toEqual([2]);
    tf.dispose([x0, x1, up, evalOut, y2, r.y, r.gx, ...Object.values(r.grads), ...Object.values(before), want.g, want.b]);
    bn.dispose();
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3 (2d, training mode)', async () => {
    const bn = batchNorm2d(2);
    setParams(bn, { gamma: [0.7, 1.3], beta: [0.1, -0.2] });
    const x = tf.randomNormal([3, 2, 2, 2], 0, 1, 'float32', 5);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => bn.apply(x), { x, ...bn.parameters() }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    bn.dispose();
  });
});

describe('batchNorm', () => {
  it('has gamma, beta and the buffers runningMean, runningVar, numBatchesTracked', () => {
    const bn = batchNorm2d(3);
    expect(Object.keys(bn.parameters())).toEqual(['gamma', 'beta']);
    expect(Object.keys(bn.buffers())).toEqual(['runningMean', 'runningVar', 'numBatchesTracked']);
    bn.dispose();
    const plain = batchNorm1d(3, { affine: false, trackRunningStats: false });
    expect(Object.keys(plain.stateDict())).toEqual([]);
    plain.dispose();
  });

  it('throws on wrong shapes and options, without leaking', () => {
    const bn = batchNorm2d(3);
    const a = tf.ones([2, 4, 4, 2]);
    const b = tf.ones([2, 3]);
    const c = tf.ones([1, 1, 1, 3]);
    expectThrowNoLeak(() => bn.apply(a), 'batchNorm2d: expected input of shape [N, H, W, 3], got [2, 4, 4, 2]');
    expectThrowNoLeak(() => bn.apply(b), 'batchNorm2d: expected input of shape [N, H, W, 3], got [2, 3] (rank 4 expected, got rank 2)');
    expectThrowNoLeak(() => bn.apply(c), 'more than 1 value per channel is needed in training mode');
    tf.dispose([a, b, c]);
    bn.dispose();
    expectThrowNoLeak(() => batchNorm1d(3, { momentum: 1.5 }), 'batchNorm1d: momentum must be in [0, 1] or null, got 1.5');
    const noStats = batchNorm1d(3, { trackRunningStats: false });
    expectThrowNoLeak(() => {
      noStats.forceEval = true;
    }, 'batchNorm1d: forceEval needs running statistics (trackRunningStats: true); this layer has none');
    expect(noStats.forceEval).toBe(false);
    expectThrowNoLeak(() => {
      noStats.forceEval = 'yes' as never;
    }, "batchNorm1d: forceEval must be a boolean, got 'yes'", TypeError);
    noStats.dispose();
  });
});
