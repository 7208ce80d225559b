// The README's first snippet, run as written, then the CNN gradient it promises on wasm.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../src/index.js';

describe('README', () => {
  it('first snippet: registerTrainingKernels on wasm makes a conv filter gradient work there', async () => {
    await tf.setBackend('wasm');
    const names = registerTrainingKernels('wasm'); // ['Conv2DBackpropFilter', 'Conv2DBackpropInput', ...]
    expect(names.slice(0, 2)).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    // tf.grad of a CNN now works on wasm: each tap of a 3x3 filter over a 4x4 image of ones sees 4 pixels.
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.ones([1, 4, 4, 1]), dy: tf.ones([1, 2, 2, 2]) }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1, filterShape: [3, 3, 1, 2] }) as tf.Tensor;
    expect(Array.from(await dw.data())).toEqual(new Array(18).fill(4));
  });
});
