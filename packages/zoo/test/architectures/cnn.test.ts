import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { cnn } from '../../src/index.js';

describe('cnn', () => {
  it('is dl-train\'s Fashion-MNIST CNN: 421,834 parameters for 10 classes, logits for 28x28x1 images', () => {
    const before = tf.memory().numTensors;
    const net = cnn(0);
    const shapes = Object.fromEntries(Object.entries({ ...net.parameters(), ...net.buffers() }).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      '0.kernel': [3, 3, 1, 32], '0.bias': [32], '1.gamma': [32], '1.beta': [32],
      '4.kernel': [3, 3, 32, 64], '4.bias': [64], '5.gamma': [64], '5.beta': [64],
      '10.kernel': [3136, 128], '10.bias': [128], '13.kernel': [128, 10], '13.bias': [10],
      '1.runningMean': [32], '1.runningVar': [32], '1.numBatchesTracked': [], '5.runningMean': [64], '5.runningVar': [64], '5.numBatchesTracked': [],
    });
    expect(Object.values(net.parameters()).reduce((s, v) => s + v.size, 0)).toBe(421_834);
    const x = tf.zeros([2, 28, 28, 1]);
    const y = net.apply(x, { training: false });
    expect(y.shape).toEqual([2, 10]);
    tf.dispose([x, y]);
    net.dispose();
    const five = cnn(3, 5);
    expect(five.parameters()['13.kernel']!.shape).toEqual([128, 5]);
    five.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same seed gives the same initial weights', async () => {
    const [a, b] = [cnn(7), cnn(7)];
    expect(Array.from(await a.parameters()['4.kernel']!.data())).toEqual(Array.from(await b.parameters()['4.kernel']!.data()));
    a.dispose();
    b.dispose();
  });
});
