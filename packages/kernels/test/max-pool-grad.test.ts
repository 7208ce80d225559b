import { beforeAll, describe, it } from 'vitest';
import { poolCases } from './pool-cases.js';
import { BACKENDS, distinct, expectClose, finiteDiff, outputSize, rand, runOurs, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

for (const backend of BACKENDS) {
  describe(`MaxPoolGrad [${backend}]`, () => {
    for (const c of poolCases) {
      it(c.name, async () => {
        // Values 1/size apart and a step well below that: no window changes its argmax.
        const size = outputSize(c.x);
        const input = { shape: c.x, values: distinct(size, 31) };
        const forward = (ts: Record<string, tf.Tensor>) => tf.maxPool(ts.input as tf.Tensor4D, c.filterSize, c.strides, c.pad);
        await tf.setBackend('cpu');
        const output = tf.tidy(() => {
          const y = forward({ input: tf.tensor(input.values, input.shape) });
          return { shape: y.shape, values: y.dataSync() as Float32Array };
        });
        const dy = { shape: output.shape, values: rand(outputSize(output.shape), 32) };
        const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };
        const ours = await runOurs(backend, 'MaxPoolGrad', { dy, input, output }, attrs);
        const fd = await finiteDiff(backend, forward, { input }, 'input', dy.values, 0.2 / size);
        // The step is tiny, so the float32 rounding of x ± h shows: 1e-3 absolute.
        expectClose(ours, fd, 1e-3, 1e-3);
        // Same windows, same choices; only the order of float32 additions differs.
        expectClose(ours, await runStockCpu('MaxPoolGrad', { dy, input, output }, attrs), 1e-6, 1e-7);
      });
    }

    it('sends a tie to the first maximum, like the stock kernel and PyTorch', async () => {
      const input = { shape: [1, 2, 2, 1], values: new Float32Array([1, 3, 3, 2]) };
      const output = { shape: [1, 1, 1, 1], values: new Float32Array([3]) };
      const dy = { shape: [1, 1, 1, 1], values: new Float32Array([5]) };
      const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
      const ours = await runOurs(backend, 'MaxPoolGrad', { dy, input, output }, attrs);
      expectClose(ours, new Float32Array([0, 5, 0, 0]), 0, 0);
    });

    it('2x2 stride 2 with many ties (the zeros after a ReLU) routes exactly as the stock kernel', async () => {
      const shape: [number, number, number, number] = [3, 8, 6, 5];
      // Half zeros, the rest on 3 levels: most windows tie somewhere, many are all zero.
      const values = rand(outputSize(shape), 41).map((v) => (v < 0 ? 0 : Math.ceil(v * 3)));
      const input = { shape, values };
      await tf.setBackend('cpu');
      const output = tf.tidy(() => {
        const y = tf.maxPool(tf.tensor(values, shape) as tf.Tensor4D, 2, 2, 'valid');
        return { shape: y.shape, values: y.dataSync() as Float32Array };
      });
      const dy = { shape: output.shape, values: rand(outputSize(output.shape), 42) };
      const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
      const ours = await runOurs(backend, 'MaxPoolGrad', { dy, input, output }, attrs);
      expectClose(ours, await runStockCpu('MaxPoolGrad', { dy, input, output }, attrs), 0, 0);
    });
  });
}
