import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { computeFans, kaimingNormal, kaimingStd, xavierStd, xavierUniform } from '@dl/init';
import { gradientCheck, separableConv2d } from '../src/index.js';
import fx from './fixtures/conv.json';
import gf from './fixtures/grouped-fans.json';
import { recording, stats } from './grouped-init-helpers.js';
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

  for (const c of gf.separable) {
    const k = c.kernelSize as number | [number, number];
    const m = c.depthMultiplier;
    const mid = c.inChannels * m;
    it(`initializers get PyTorch's fans of Conv2d(${c.inChannels}, ${mid}, ${JSON.stringify(k)}, groups=${c.inChannels}) and Conv2d(${mid}, ${c.outChannels}, 1): std and bounds`, async () => {
      const dw = recording((s, o) => kaimingNormal(s, { ...o, nonlinearity: 'relu' }));
      const pw = recording((s, o) => kaimingNormal(s, { ...o, nonlinearity: 'relu' }));
      const layer = separableConv2d(c.inChannels, c.outChannels, k, { depthMultiplier: m, depthwiseInitializer: dw.init, pointwiseInitializer: pw.init, seed: 1 });
      const [kh, kw] = typeof k === 'number' ? [k, k] : k;
      expect(layer.depthwiseKernel.shape).toEqual([kh, kw, c.inChannels, m]);
      expect(dw.shapes).toEqual([[kh, kw, 1, mid]]);
      expect(pw.shapes).toEqual([[1, 1, mid, c.outChannels]]);
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12 * b);
      for (const [shape, t, kernel] of [[dw.shapes[0]!, c.depthwise, layer.depthwiseKernel], [pw.shapes[0]!, c.pointwise, layer.pointwiseKernel]] as const) {
        expect(computeFans(shape)).toEqual({ fanIn: t.fanIn, fanOut: t.fanOut });
        close(kaimingStd(shape, { nonlinearity: 'relu' }), t.kaimingNormalRelu);
        close(kaimingStd(shape, { mode: 'fanOut', nonlinearity: 'relu' }), t.kaimingNormalFanOutRelu);
        close(Math.sqrt(3) * kaimingStd(shape), t.kaimingUniformDefault);
        close(Math.sqrt(3) * xavierStd(shape), t.xavierUniform);
        close(xavierStd(shape, { gain: 5 / 3 }), t.xavierNormalTanh);
        expect(Math.abs((await stats(kernel)).std / t.kaimingNormalRelu - 1)).toBeLessThan(0.1);
      }
      const xu = separableConv2d(c.inChannels, c.outChannels, k, { depthMultiplier: m, depthwiseInitializer: xavierUniform, pointwiseInitializer: xavierUniform, seed: 2 });
      const dflt = separableConv2d(c.inChannels, c.outChannels, k, { depthMultiplier: m, seed: 3 });
      for (const [kernel, bound] of [
        [xu.depthwiseKernel, c.depthwise.xavierUniform], [xu.pointwiseKernel, c.pointwise.xavierUniform],
        [dflt.depthwiseKernel, c.depthwise.defaultKernelBound], [dflt.pointwiseKernel, c.pointwise.defaultKernelBound],
      ] as const) {
        const { maxAbs } = await stats(kernel);
        expect(maxAbs).toBeLessThanOrEqual(bound);
        expect(maxAbs).toBeGreaterThan(0.95 * bound);
      }
      const bias = await stats(dflt.bias!);
      expect(bias.maxAbs).toBeLessThanOrEqual(c.pointwise.defaultBiasBound!);
      expect(bias.maxAbs).toBeGreaterThan(0.8 * c.pointwise.defaultBiasBound!);
      for (const l of [layer, xu, dflt]) l.dispose();
    });
  }

  it('a wrong initializer throws, naming the grouped layout, and leaves no variable behind', () => {
    expectThrowNoLeak(
      () => separableConv2d(2, 4, 3, { depthMultiplier: 2, depthwiseInitializer: () => tf.ones([3, 3, 2, 2]) }),
      'separableConv2d: depthwiseInitializer must return a tensor of shape [3, 3, 1, 4] (the grouped layout [kh, kw, 1, inChannels·depthMultiplier], reshaped to [kh, kw, inChannels, depthMultiplier]), got [3, 3, 2, 2]',
    );
    expectThrowNoLeak(() => separableConv2d(2, 4, 3, { biasInitializer: () => tf.ones([2]) }), 'separableConv2d: biasInitializer must return a tensor of shape [4], got [2]');
    expectThrowNoLeak(() => separableConv2d(2, 4, 3, { pointwiseInitializer: 'ones' as never }), 'separableConv2d: pointwiseInitializer must be an initializer function (shape, {seed}) => Tensor, got string', TypeError);
  });

  it('throws when the kernel is larger than the input, without leaking', () => {
    const layer = separableConv2d(2, 2, 3, { seed: 0 });
    const x = tf.ones([1, 2, 2, 2]);
    expectThrowNoLeak(() => layer.apply(x), 'separableConv2d: expected input of shape [N, H, W, 2], got [1, 2, 2, 2] (the 3x3 kernel');
    x.dispose();
    layer.dispose();
  });
});
