import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, expectClose, outputSize, rand, runOurs, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

const cases: { name: string; shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
  { name: 'batch-norm statistics of NHWC (N, H, W)', shape: [3, 5, 4, 6], axis: [0, 1, 2], keepDims: false },
  { name: 'over the batch of [N, C]', shape: [7, 5], axis: 0, keepDims: true },
  { name: 'trailing axes', shape: [2, 3, 4, 5], axis: [2, 3], keepDims: false },
  { name: 'all axes', shape: [3, 4, 5], axis: [0, 1, 2], keepDims: false },
  { name: 'middle axis (stock fallback)', shape: [3, 4, 5], axis: 1, keepDims: true },
  { name: 'values far from zero (float64 sums)', shape: [64, 3], axis: 0, keepDims: false },
];

for (const backend of BACKENDS) {
  describe(`Mean [${backend}]`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        const values = rand(outputSize(c.shape), 71).map((v) => (c.name.includes('far') ? 1000 + v : v));
        const x = { shape: c.shape, values };
        const attrs = { axis: c.axis, keepDims: c.keepDims };
        const ours = await runOurs(backend, 'Mean', { x }, attrs);
        expectClose(ours, await runStockCpu('Mean', { x }, attrs), 1e-5, 1e-6);
        const axes = tf.util.parseAxisParam(c.axis, c.shape);
        // The exact mean (float64) of each output, for the leading-axes case.
        if (axes.every((a, i) => a === i)) {
          const inner = outputSize(c.shape.filter((_, i) => !axes.includes(i)));
          const exact = new Float32Array(inner);
          for (let j = 0; j < inner; j++) {
            let s = 0;
            for (let r = j; r < values.length; r += inner) s += values[r]!;
            exact[j] = (s * inner) / values.length;
          }
          expectClose(ours, exact, 1e-7, 0);
        }
        const shape = tf.tidy(() => (tf.engine().runKernel('Mean', { x: tf.tensor(values, c.shape) }, attrs) as tf.Tensor).shape);
        expect(shape).toEqual(c.keepDims ? c.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : c.shape.filter((_, i) => !axes.includes(i)));
      });
    }
  });
}
