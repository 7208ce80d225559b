import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { gradientCheck, separableConv2d } from '../src/index.js';
import fx from './fixtures/conv.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, forwardBackward, setParams, T, tol } from './helpers.js';


describeBackends('separableConv2d', (backend) => {
  for (const c of fx.separable) {
    const name = `${c.inChannels}→${c.outChannels} x${c.depthMultiplier} padding ${c.padding}`;
    const make = () => {
      const layer = separableConv2d(c.inChannels, c.outChannels, c.kernelSize, { depthMultiplier: c.depthMultiplier, stride: c.stride, padding: c.padding, seed: 0 });
      setParams(layer, { depthwiseKernel: c.depthwiseKernel, pointwiseKernel: c.pointwiseKernel, bias: c.bias });
      return layer;
    };


    it(`output and gradients match PyTorch (${name})`, async () => {
      const layer = make();
      const x = T(c.x);
      const up = T(c.upstream);
      const r = expectNoLeak(() => forwardBackward(layer, x, up));
      await expectTensorsClose(r.y, c.y, tol(backend));
      await expectTensorsClose(r.gx, c.gradX, tol(backend));
      await expectTensorsClose(r.grads.depthwiseKernel!, c.gradDepthwiseKernel, tol(backend));
      await expectTensorsClose(r.grads.pointwiseKernel!, c.gradPointwiseKernel, tol(backend));
      await expectTensorsClose(r.grads.bias!, c.gradBias, tol(backend));
      tf.dispose([x, up, r.y, r.gx, ...Object.values(r.grads)]);
      layer.dispose();
    });
  }

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3', async () => {
    const layer = separableConv2d(2, 3, 3, { padding: 'same', seed: 1 });
    const x = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 3);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => layer.apply(x), { x, ...layer.parameters() }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    layer.dispose();
  });
});

describe('separableConv2d', () => {
  it('has depthwiseKernel, pointwiseKernel and bias', () => {
    const layer = separableConv2d(3, 5, 3, { depthMultiplier: 2, seed: 0 });
    const p = layer.parameters();
    expect(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.shape]))).toEqual({ depthwiseKernel: [3, 3, 3, 2], pointwiseKernel: [1, 1, 6, 5], bias: [5] });
    layer.dispose();
  });

  it('throws when the kernel is larger than the input, without leaking', () => {
    const layer = separableConv2d(2, 2, 3, { seed: 0 });
    const x = tf.ones([1, 2, 2, 2]);
    expectThrowNoLeak(() => layer.apply(x), 'separableConv2d: expected input of shape [N, H, W, 2], got [1, 2, 2, 2] (the 3x3 kernel');
    x.dispose();
    layer.dispose();
  });
});
