import { beforeAll, describe, it } from 'vitest';
import { depthwiseCases } from './depthwise-cases.js';
import { BACKENDS, expectClose, finiteDiff, outputSize, rand, runOurs, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

for (const backend of BACKENDS) {
  describe(`DepthwiseConv2dNativeBackpropFilter [${backend}]`, () => {
    for (const c of depthwiseCases) {
      it(c.name, async () => {
        const x = { shape: c.x, values: rand(outputSize(c.x), 21) };
        const filter = { shape: c.filter, values: rand(outputSize(c.filter), 22) };
        const forward = (ts: Record<string, tf.Tensor>) =>
          tf.depthwiseConv2d(ts.x as tf.Tensor4D, ts.filter as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? 1);
        await tf.setBackend('cpu');
        const yShape = tf.tidy(() => forward({ x: tf.tensor(x.values, x.shape), filter: tf.tensor(filter.values, filter.shape) }).shape);
        const dy = { shape: yShape, values: rand(outputSize(yShape), 23) };
        const attrs = { strides: c.strides, pad: c.pad, dilations: c.dilations ?? 1, filterShape: c.filter };
        const ours = await runOurs(backend, 'DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs);
        // Linear in each argument: central differences exact up to float32 rounding.
        const fd = await finiteDiff(backend, forward, { x, filter }, 'filter', dy.values, 0.5);
        expectClose(ours, fd, 1e-4, 1e-4);
        if (c.dilations == null) {
          // The stock kernel goes wrong with dilations (TF.js's gradient never passes them).
          expectClose(ours, await runStockCpu('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs), 1e-5, 1e-5);
        }
      });
    }
  });
}
