import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { depthwiseConv2d, gradientCheck } from '../src/index.js';
import fx from './fixtures/conv.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, forwardBackward, setParams, T, tol } from './helpers.js';


describeBackends('depthwiseConv2d', (backend) => {
  for (const c of fx.depthwise) {
    const name = `c${c.channels} x${c.depthMultiplier} stride ${c.stride} padding ${c.padding} dilation ${c.dilation}`;
    const make = () => {
      const layer = depthwiseConv2d(c.channels, c.kernelSize, { depthMultiplier: c.depthMultiplier, stride: c.stride, padding: c.padding, dilation: c.dilation, seed: 0 });
      setParams(layer, { kernel: c.kernel, bias: c.bias });
      return layer;
    };


    it(`output and gradients match nn.Conv2d(groups=c) (${name})`, async () => {
      const layer = make();
      const x = T(c.x);
      const up = T(c.upstream);
      const r = expectNoLeak(() => forwardBackward(layer, x, up));
      await expectTensorsClose(r.y, c.y, tol(backend));
      await expectTensorsClose(r.gx, c.gradX, tol(backend));
      await expectTensorsClose(r.grads.kernel!, c.gradKernel, tol(backend));
      await expectTensorsClose(r.grads.bias!, c.gradBias, tol(backend));
      tf.dispose([x, up, r.y, r.gx, ...Object.values(r.grads)]);
      layer.dispose();
    });
  }

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3', async () => {
    const layer = depthwiseConv2d(2, 3, { depthMultiplier: 2, padding: 1, seed: 1 });
    const x = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 3);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => layer.apply(x), { x, ...layer.parameters() }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    layer.dispose();
  });
});

describe('depthwiseConv2d', () => {
  it("kernel [kh, kw, c, m] with PyTorch's fan in kh·kw", async () => {
    const layer = depthwiseConv2d(16, 3, { depthMultiplier: 2, seed: 0 });
    expect(layer.kernel.shape).toEqual([3, 3, 16, 2]);
    const k = await layer.kernel.data();
    expect(Math.max(...k.map(Math.abs))).toBeLessThanOrEqual(1 / 3);
    expect(Math.max(...k.map(Math.abs))).toBeGreaterThan(0.3);
    layer.dispose();
  });

  it('throws on wrong channels without leaking', () => {
    const layer = depthwiseConv2d(3, 3, { seed: 0 });
    const x = tf.ones([1, 5, 5, 4]);
    expectThrowNoLeak(() => layer.apply(x), 'depthwiseConv2d: expected input of shape [N, H, W, 3], got [1, 5, 5, 4]');
    x.dispose();
    layer.dispose();
  });
});
