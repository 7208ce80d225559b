// Every snippet of README.md, as written there.
import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import {
  avgPool2d, batchNorm2d, conv2d, dense, denseToConv, depthwiseConv2d, dropConnect, dropout, flatten, fractionalMaxPool2d,
  gradientCheck, grahamFractionalMaxPool2d, inceptionModule, l2Penalty, maxout, maxPool2d, Module, relu, residualBlock, separableConv2d, sequential, softmaxCrossEntropy,
} from '../src/index.js';
import type { ApplyOptions } from '../src/index.js';

describe('README', () => {
  it('the opening example trains one step and switches to eval', () => {
    const net = sequential(
      conv2d(1, 8, 3, { padding: 1, seed: 1 }), batchNorm2d(8), relu, maxPool2d(2),
      flatten(), dropout(0.5), dense(8 * 14 * 14, 10, { seed: 2 }),
    );
    const x = tf.zeros([4, 28, 28, 1]);
    const rng = new Rng(0);
    const { value, grads } = tf.variableGrads(
      () => softmaxCrossEntropy(net.apply(x, { training: true, rng }), [0, 1, 2, 3]) as tf.Scalar,
      Object.values(net.parameters()),
    );
    net.eval();
    expect(net.layers[1]!.training).toBe(false);
    expect(Object.keys(grads).length).toBe(6);
    tf.dispose([x, value, ...Object.values(grads)]);
    net.dispose();
  });

  it('Module subclass', () => {
    class Mlp extends Module {
      readonly fc1 = this.addModule('fc1', dense(4, 8));
      readonly fc2 = this.addModule('fc2', dense(8, 2));
      constructor() { super('mlp'); }
      protected forward(x: tf.Tensor, options: ApplyOptions) {
        return this.fc2.apply(relu(this.fc1.apply(x, options)), options);
      }
    }
    const m = new Mlp();
    expect(Object.keys(m.parameters())).toEqual(['fc1.kernel', 'fc1.bias', 'fc2.kernel', 'fc2.bias']);
    m.dispose();
  });

  it('layer snippets give the stated shapes', () => {
    const shapes = tf.tidy(() => {
      const fc = dense(784, 10, { seed: 0 });
      const logits = fc.apply(tf.zeros([32, 784]));
      const conv = conv2d(3, 16, 3, { stride: 2, padding: 1, seed: 0 });
      const pool = fractionalMaxPool2d(2, { outputRatio: 1 / Math.SQRT2, seed: 0 });
      const graham = grahamFractionalMaxPool2d({ outputRatio: 1 / Math.SQRT2, overlapping: true, seed: 0 });
      const { output, indices } = pool.applyWithIndices(tf.zeros([1, 25, 25, 3]), { rng: new Rng(1) });
      expect([output.shape, indices.shape, indices.dtype]).toEqual([[1, 17, 17, 3], [1, 17, 17, 3], 'int32']);
      const fc2 = dense(7 * 7 * 8, 10, { seed: 0 });
      const conv2 = denseToConv(fc2, [7, 7, 8]);
      const out = [
        logits.shape,
        conv.apply(tf.zeros([1, 32, 32, 3])).shape,
        depthwiseConv2d(8, 3, { padding: 1, seed: 0 }).apply(tf.zeros([1, 5, 5, 8])).shape,
        separableConv2d(8, 16, 3, { padding: 'same', seed: 0 }).apply(tf.zeros([1, 5, 5, 8])).shape,
        maxPool2d(2).apply(tf.zeros([1, 4, 4, 3])).shape,
        avgPool2d(3, { stride: 1, padding: 1 }).apply(tf.zeros([1, 4, 4, 3])).shape,
        pool.apply(tf.zeros([1, 25, 25, 3])).shape,
        graham.apply(tf.zeros([1, 25, 25, 3])).shape,
        residualBlock(16, 32, { stride: 2, seed: 0 }).apply(tf.zeros([2, 8, 8, 16])).shape,
        conv2.apply(tf.zeros([1, 9, 9, 8])).shape,
      ];
      return out;
    });
    expect(shapes).toEqual([[32, 10], [1, 16, 16, 16], [1, 5, 5, 8], [1, 5, 5, 16], [1, 2, 2, 3], [1, 4, 4, 3], [1, 17, 17, 3], [1, 17, 17, 3], [2, 4, 4, 32], [1, 3, 3, 10]]);
    const inc = inceptionModule(192, { ch1x1: 64, ch3x3Reduce: 96, ch3x3: 128, ch5x5Reduce: 16, ch5x5: 32, poolProj: 32, seed: 0 });
    expect(inc.outChannels).toBe(256);
    inc.dispose();
  });

  it('batch norm, dropConnect, maxout, losses', () => {
    tf.tidy(() => {
      const bn = batchNorm2d(16);
      bn.apply(tf.randomNormal([8, 4, 4, 16]));
      bn.eval().apply(tf.randomNormal([1, 4, 4, 16]));
      const fc = dropConnect(64, 10, { p: 0.5, seed: 0 });
      fc.apply(tf.ones([2, 64]), { rng: new Rng(1) });
      const maxoutNet = sequential(dense(10, 3 * 2, { seed: 0 }), (x) => maxout(x, { pieces: 2 }));
      expect(maxoutNet.apply(tf.ones([1, 10])).shape).toEqual([1, 3]);
      const net = maxoutNet;
      const loss = softmaxCrossEntropy(tf.zeros([2, 3]), [0, 2], { labelSmoothing: 0.1 });
      const padded = softmaxCrossEntropy(tf.zeros([3, 5]), [4, -100, 1]); // the second sample is ignored: the mean is over 2
      expect(padded.dataSync()[0]).toBeCloseTo(Math.log(5), 5);
      const total = tf.add(loss, l2Penalty(net.parameters(), 5e-4));
      expect(total.shape).toEqual([]);
      bn.dispose();
      fc.dispose();
      maxoutNet.dispose();
    });
  });

  it('gradientCheck snippet', async () => {
    const layer = dense(4, 3, { seed: 1 });
    const x = tf.randomNormal([2, 4]);
    const report = await gradientCheck(({ x }) => layer.apply(x), { x, ...layer.parameters() });
    expect(report.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
    layer.dispose();
  });
});
