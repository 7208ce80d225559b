import { beforeAll, describe, it } from 'vitest';
import { setColumnChunkFloats } from '../src/kernels/conv2d-backprop-filter/wasm.js';
import { convCases } from './conv-cases.js';
import { BACKENDS, expectClose, finiteDiff, outputSize, rand, runOurs, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

for (const backend of BACKENDS) {
  describe(`Conv2DBackpropFilter [${backend}]`, () => {
    for (const c of convCases) {
      it(c.name, async () => {
        const x = { shape: c.x, values: rand(outputSize(c.x), 1) };
        const filter = { shape: c.filter, values: rand(outputSize(c.filter), 2) };
        const forward = (ts: Record<string, tf.Tensor>) =>
          tf.conv2d(ts.x as tf.Tensor4D, ts.filter as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? 1);
        await tf.setBackend('cpu');
        const yShape = tf.tidy(() => forward({ x: tf.tensor(x.values, x.shape), filter: tf.tensor(filter.values, filter.shape) }).shape);
        const dy = { shape: yShape, values: rand(outputSize(yShape), 3) };
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter, dilations: c.dilations ?? 1 };
        const ours = await runOurs(backend, 'Conv2DBackpropFilter', { x, dy }, attrs);
        // The forward is linear in the filter: central differences are exact up to
        // the forward's float32 rounding, which the float64 loss sum keeps near 1e-6.
        const fd = await finiteDiff(backend, forward, { x, filter }, 'filter', dy.values, 0.5);
        expectClose(ours, fd, 1e-4, 1e-4);
        if (c.dilations == null) {
          // The stock kernel ignores dilations (TF.js's gradient rejects them).
          expectClose(ours, await runStockCpu('Conv2DBackpropFilter', { x, dy }, attrs), 1e-5, 1e-5);
        }
      });
    }

    it('accumulates over batch chunks (wasm columns split) like one pass', async () => {
      const x = { shape: [5, 6, 6, 3], values: rand(5 * 6 * 6 * 3, 4) };
      const dy = { shape: [5, 6, 6, 4], values: rand(5 * 6 * 6 * 4, 5) };
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] };
      const whole = await runOurs(backend, 'Conv2DBackpropFilter', { x, dy }, attrs);
      setColumnChunkFloats(27 * 36 * 2); // two images per chunk: chunks of 2, 2, 1
      try {
        expectClose(await runOurs(backend, 'Conv2DBackpropFilter', { x, dy }, attrs), whole, 1e-5, 1e-6);
      } finally {
        setColumnChunkFloats();
      }
      expectClose(whole, await runStockCpu('Conv2DBackpropFilter', { x, dy }, attrs), 1e-5, 1e-5);
    });
  });
}
