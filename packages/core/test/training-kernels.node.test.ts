import { describe, expect, it } from 'vitest';
import { Rng, tf, useBackend } from '@dl/core';
import { expectNoLeak, expectTensorsClose } from '@dl/core/testing';

// A small CNN's loss and gradients through tf.variableGrads: what training needs from the
// backend (Conv2DBackpropFilter/Input, MaxPoolGrad, AvgPoolGrad, depthwise gradients).
async function cnnGradients(backend: 'cpu' | 'wasm', options: { trainingKernels?: boolean } = {}, poolPadding: 'same' | 'valid' = 'same') {
  await useBackend(backend, options);
  const rng = new Rng(3);
  const x = rng.normal([4, 12, 12, 3]);
  const [w1, dw, w2] = tf.tidy(() => [
    tf.variable(rng.normal([3, 3, 3, 8], { std: 0.3 }), true, `w1-${backend}`),
    tf.variable(rng.normal([3, 3, 8, 1], { std: 0.3 }), true, `dw-${backend}`),
    tf.variable(rng.normal([3, 3, 8, 6], { std: 0.3 }), true, `w2-${backend}`),
  ]);
  const f = () =>
    tf.tidy(() => {
      let h = tf.relu(tf.conv2d(x as tf.Tensor4D, w1 as tf.Tensor4D, 1, 'same'));
      h = tf.maxPool(h, 2, 2, 'valid');
      h = tf.depthwiseConv2d(h, dw as tf.Tensor4D, 1, 'same');
      h = tf.conv2d(h, w2 as tf.Tensor4D, [2, 2], 'valid');
      return tf.sum(tf.square(tf.avgPool(h, 2, 1, poolPadding))) as tf.Scalar;
    });
  const { value, grads } = tf.variableGrads(f);
  const out = {
    loss: Array.from(await value.data()),
    grads: Object.fromEntries(await Promise.all(Object.entries(grads).map(async ([k, g]) => [k.split('-')[0]!, Array.from(await g.data())]))),
  };
  tf.dispose([x, w1, dw, w2, value, ...Object.values(grads)]);
  return out;
}

describe('training kernels registered by useBackend', () => {
  it('trains a CNN on wasm (stock tfjs throws) with the same gradients as cpu, without leaking', async () => {
    const cpu = await cnnGradients('cpu');
    const wasm = await expectNoLeak(() => cnnGradients('wasm'), 'wasm CNN gradients');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    await expectTensorsClose(wasm.loss, cpu.loss, { rtol: 1e-5 });
    for (const name of ['w1', 'dw', 'w2']) await expectTensorsClose(wasm.grads[name]!, cpu.grads[name]!, { rtol: 1e-4, atol: 1e-5, message: name });
  });

  it('matches the stock cpu kernels on cpu, and trainingKernels: false puts the stock ones back', async () => {
    // 'valid' pooling: stock AvgPoolGrad is wrong at 'same' borders (see @dl/kernels' README).
    const ours = await cnnGradients('cpu', {}, 'valid');
    await useBackend('wasm');
    const stock = await cnnGradients('cpu', { trainingKernels: false }, 'valid');
    await expectTensorsClose(ours.loss, stock.loss, { rtol: 1e-5 });
    for (const name of ['w1', 'dw', 'w2']) await expectTensorsClose(ours.grads[name]!, stock.grads[name]!, { rtol: 1e-4, atol: 1e-5, message: name });
    await useBackend('wasm', { trainingKernels: false });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    await expect(useBackend('cpu', { trainingKernels: 'yes' as never })).rejects.toThrow(/useBackend: trainingKernels must be a boolean, got 'yes'/);
    await useBackend('wasm');
    await useBackend('cpu');
  });
});
