import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { conv2d, gradientCheck } from '../src/index.js';
import type { Padding } from '../src/index.js';
import fx from './fixtures/conv.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, forwardBackward, setParams, T, tol } from './helpers.js';


describeBackends('conv2d', (backend) => {
  for (const c of fx.conv2d) {
    const name = `k${c.kernelSize} stride ${c.stride} padding ${String(c.padding)} dilation ${c.dilation}`;
    it(`matches nn.Conv2d (${name}): output and gradients`, async () => {
      const layer = conv2d(c.inChannels, c.outChannels, c.kernelSize, { stride: c.stride, padding: c.padding as Padding, dilation: c.dilation, seed: 0 });
      setParams(layer, { kernel: c.kernel, bias: c.bias });
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

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3 (stride 2, dilation 2, explicit padding)', async () => {
    const layer = conv2d(2, 2, 3, { stride: 2, dilation: 2, padding: [[1, 0], [0, 1]], seed: 1 });
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 3);
    const r = await expectNoLeak(() => gradientCheck(({ x }) => layer.apply(x), { x, ...layer.parameters() }));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    layer.dispose();
  });
});

describe('conv2d', () => {
  it('names its parameters kernel [kh, kw, in, out] and bias', () => {
    const layer = conv2d(3, 4, [3, 2], { seed: 0 });
    const p = layer.parameters();
    expect(Object.keys(p)).toEqual(['kernel', 'bias']);
    expect(p.kernel!.shape).toEqual([3, 2, 3, 4]);
    layer.dispose();
  });

  it('throws on wrong channels, rank and a kernel larger than the input, without leaking', () => {
    const layer = conv2d(3, 4, 5, { seed: 0 });
    const a = tf.ones([1, 8, 8, 2]);
    const b = tf.ones([8, 8, 3]);
    const c = tf.ones([1, 4, 4, 3]);
    expectThrowNoLeak(() => layer.apply(a), 'conv2d: expected input of shape [N, H, W, 3], got [1, 8, 8, 2]');
    expectThrowNoLeak(() => layer.apply(b), 'conv2d: expected input of shape [N, H, W, 3], got [8, 8, 3] (rank 4 expected, got rank 3)');
    expectThrowNoLeak(() => layer.apply(c), 'conv2d: expected input of shape [N, H, W, 3], got [1, 4, 4, 3] (the 5x5 kernel (dilation included) is larger than the 4x4 padded input)');
    tf.dispose([a, b, c]);
    layer.dispose();
  });

  it('throws on bad options before making tensors', () => {
    expectThrowNoLeak(() => conv2d(3, 4, 3, { dilation: [1, 0] }), 'conv2d: dilation must be >= 1, got 0');
    expectThrowNoLeak(() => conv2d(3, 4, 3, { padding: 'full' as never }), "conv2d: padding must be 'same', 'valid'", TypeError);
    expectThrowNoLeak(() => conv2d(3, 4, 0), 'conv2d: kernelSize must be >= 1, got 0');
  });
});
