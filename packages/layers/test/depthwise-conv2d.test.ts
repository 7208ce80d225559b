import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { computeFans, kaimingNormal, kaimingStd, kaimingUniform, xavierNormal, xavierStd, xavierUniform } from '@dl/init';
import { depthwiseConv2d, gradientCheck } from '../src/index.js';
import fx from './fixtures/conv.json';
import gf from './fixtures/grouped-fans.json';
import { recording, stats } from './grouped-init-helpers.js';
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

  for (const c of gf.depthwise) {
    const k = c.kernelSize as number | [number, number];
    const m = c.depthMultiplier;
    it(`initializers get PyTorch's fans of nn.Conv2d(${c.channels}, ${c.channels * m}, ${JSON.stringify(k)}, groups=${c.channels}): std and bounds`, async () => {
      const kn = recording((s, o) => kaimingNormal(s, { ...o, nonlinearity: 'relu' }));
      const layer = depthwiseConv2d(c.channels, k, { depthMultiplier: m, kernelInitializer: kn.init, seed: 1 });
      const [kh, kw] = typeof k === 'number' ? [k, k] : k;
      expect(layer.kernel.shape).toEqual([kh, kw, c.channels, m]);
      const [shape] = kn.shapes;
      expect(shape).toEqual([kh, kw, 1, c.channels * m]);
      expect(computeFans(shape!)).toEqual({ fanIn: c.fanIn, fanOut: c.fanOut });
      // Exactly the std / bound PyTorch passes to normal_ / uniform_ for this weight.
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12 * b);
      close(kaimingStd(shape!, { nonlinearity: 'relu' }), c.kaimingNormalRelu);
      close(kaimingStd(shape!, { mode: 'fanOut', nonlinearity: 'relu' }), c.kaimingNormalFanOutRelu);
      close(Math.sqrt(3) * kaimingStd(shape!), c.kaimingUniformDefault);
      close(Math.sqrt(3) * xavierStd(shape!), c.xavierUniform);
      close(xavierStd(shape!, { gain: 5 / 3 }), c.xavierNormalTanh);
      // And the tensors the layer holds have them (before: √channels too small for kaiming).
      expect(Math.abs((await stats(layer.kernel)).std / c.kaimingNormalRelu - 1)).toBeLessThan(0.1);
      const xu = depthwiseConv2d(c.channels, k, { depthMultiplier: m, kernelInitializer: xavierUniform, seed: 2 });
      const ku = depthwiseConv2d(c.channels, k, { depthMultiplier: m, kernelInitializer: kaimingUniform, seed: 3 });
      const xn = depthwiseConv2d(c.channels, k, { depthMultiplier: m, kernelInitializer: (s, o) => xavierNormal(s, { ...o, gain: 5 / 3 }), seed: 4 });
      const dflt = depthwiseConv2d(c.channels, k, { depthMultiplier: m, seed: 5 });
      for (const [l, bound] of [[xu, c.xavierUniform], [ku, c.kaimingUniformDefault], [dflt, c.defaultKernelBound]] as const) {
        const { maxAbs } = await stats(l.kernel);
        expect(maxAbs).toBeLessThanOrEqual(bound);
        expect(maxAbs).toBeGreaterThan(0.95 * bound);
      }
      expect(Math.abs((await stats(xn.kernel)).std / c.xavierNormalTanh - 1)).toBeLessThan(0.1);
      const bias = await stats(dflt.bias!);
      expect(bias.maxAbs).toBeLessThanOrEqual(c.defaultBiasBound!);
      expect(bias.maxAbs).toBeGreaterThan(0.8 * c.defaultBiasBound!);
      for (const l of [layer, xu, ku, xn, dflt]) l.dispose();
    });
  }

  it('a wrong initializer throws, naming the grouped layout, and leaves no variable behind', () => {
    expectThrowNoLeak(
      () => depthwiseConv2d(3, 3, { kernelInitializer: () => tf.ones([3, 3, 3, 1]) }),
      'depthwiseConv2d: kernelInitializer must return a tensor of shape [3, 3, 1, 3] (the grouped layout [kh, kw, 1, channels·depthMultiplier], reshaped to [kh, kw, channels, depthMultiplier]), got [3, 3, 3, 1]',
    );
    expectThrowNoLeak(() => depthwiseConv2d(3, 3, { biasInitializer: () => tf.ones([2]) }), 'depthwiseConv2d: biasInitializer must return a tensor of shape [3], got [2]');
    expectThrowNoLeak(() => depthwiseConv2d(3, 3, { biasInitializer: 5 as never }), 'depthwiseConv2d: biasInitializer must be an initializer function (shape, {seed}) => Tensor, got number', TypeError);
  });

  it('throws on wrong channels without leaking', () => {
    const layer = depthwiseConv2d(3, 3, { seed: 0 });
    const x = tf.ones([1, 5, 5, 4]);
    expectThrowNoLeak(() => layer.apply(x), 'depthwiseConv2d: expected input of shape [N, H, W, 3], got [1, 5, 5, 4]');
    x.dispose();
    layer.dispose();
  });
});
