import { beforeAll, describe, expect, it } from 'vitest';
import { poolCases } from './pool-cases.js';
import { BACKENDS, expectClose, finiteDiff, outputSize, rand, runOurs, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

for (const backend of BACKENDS) {
  describe(`AvgPoolGrad [${backend}]`, () => {
    for (const c of poolCases) {
      it(c.name, async () => {
        const input = { shape: c.x, values: rand(outputSize(c.x), 41) };
        const forward = (ts: Record<string, tf.Tensor>) => tf.avgPool(ts.input as tf.Tensor4D, c.filterSize, c.strides, c.pad);
        await tf.setBackend('cpu');
        const yShape = tf.tidy(() => forward({ input: tf.tensor(input.values, input.shape) }).shape);
        const dy = { shape: yShape, values: rand(outputSize(yShape), 42) };
        const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };
        const ours = await runOurs(backend, 'AvgPoolGrad', { dy, input }, attrs);
        // Linear: central differences exact up to float32 rounding.
        const fd = await finiteDiff(backend, forward, { input }, 'input', dy.values, 0.5);
        expectClose(ours, fd, 1e-4, 1e-4);
        if (c.pad === 'valid') {
          // Windows inside the image: the stock kernel agrees. With padding it divides
          // by the filter area while the forward divides by the pixels covered.
          expectClose(ours, await runStockCpu('AvgPoolGrad', { dy, input }, attrs), 1e-5, 1e-6);
        }
      });
    }

    it("fixes the stock kernel at 'same' borders (gradient sums to the number of outputs)", async () => {
      const input = { shape: [1, 3, 3, 1], values: new Float32Array(9).fill(1) };
      const dy = { shape: [1, 3, 3, 1], values: new Float32Array(9).fill(1) };
      const attrs = { filterSize: 2, strides: 1, pad: 'same' };
      const ours = await runOurs(backend, 'AvgPoolGrad', { dy, input }, attrs);
      expect(ours.reduce((a, b) => a + b, 0)).toBeCloseTo(9, 5);
      const stock = await runStockCpu('AvgPoolGrad', { dy, input }, attrs);
      expect(stock.reduce((a, b) => a + b, 0)).toBeCloseTo(6.25, 5); // corners and edges short-changed
    });
  });
}
