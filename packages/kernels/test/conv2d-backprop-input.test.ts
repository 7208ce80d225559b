import { beforeAll, describe, it } from 'vitest';
import { convCases } from './conv-cases.js';
import { BACKENDS, expectClose, finiteDiff, outputSize, rand, runOurs, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

for (const backend of BACKENDS) {
  describe(`Conv2DBackpropInput [${backend}]`, () => {
    for (const c of convCases) {
      it(c.name, async () => {
        const x = { shape: c.x, values: rand(outputSize(c.x), 11) };
        const filter = { shape: c.filter, values: rand(outputSize(c.filter), 12) };
        const forward = (ts: Record<string, tf.Tensor>) =>
          tf.conv2d(ts.x as tf.Tensor4D, ts.filter as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? 1);
        await tf.setBackend('cpu');
        const yShape = tf.tidy(() => forward({ x: tf.tensor(x.values, x.shape), filter: tf.tensor(filter.values, filter.shape) }).shape);
        const dy = { shape: yShape, values: rand(outputSize(yShape), 13) };
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x, dilations: c.dilations ?? 1 };
        const ours = await runOurs(backend, 'Conv2DBackpropInput', { dy, filter }, attrs);
        // Linear in x: central differences exact up to float32 rounding of the forward.
        const fd = await finiteDiff(backend, forward, { x, filter }, 'x', dy.values, 0.5);
        expectClose(ours, fd, 1e-4, 1e-4);
        if (c.dilations == null) {
          expectClose(ours, await runStockCpu('Conv2DBackpropInput', { dy, filter }, attrs), 1e-5, 1e-5);
        }
      });
    }
  });
}
