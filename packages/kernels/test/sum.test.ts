import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, expectClose, outputSize, rand, runOurs, runStockCpu, setup, tf } from './helpers.js';

beforeAll(setup);

const cases: { name: string; shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
  { name: 'bias gradient of a conv (N, H, W)', shape: [3, 5, 4, 6], axis: [0, 1, 2], keepDims: false },
  { name: 'bias gradient of a dense layer', shape: [7, 5], axis: 0, keepDims: false },
  { name: 'trailing axes, keepDims', shape: [2, 3, 4, 5], axis: [2, 3], keepDims: true },
  { name: 'negative axis', shape: [4, 9], axis: -1, keepDims: false },
  { name: 'all axes', shape: [3, 4, 5], axis: [0, 1, 2], keepDims: false },
  { name: 'middle axis (stock fallback)', shape: [3, 4, 5], axis: 1, keepDims: false },
  { name: 'axes given out of order', shape: [3, 4, 5, 2], axis: [1, 0], keepDims: true },
];

for (const backend of BACKENDS) describe(`Sum [${backend}]`, () => {
  for (const c of cases) {
    it(c.name, async () => {
      const x = { shape: c.shape, values: rand(outputSize(c.shape), 61) };
      const attrs = { axis: c.axis, keepDims: c.keepDims };
      const ours = await runOurs(backend, 'Sum', { x }, attrs);
      // Same terms, different summation order (ours in float64).
      expectClose(ours, await runStockCpu('Sum', { x }, attrs), 1e-5, 1e-6);
      const shape = tf.tidy(() => (tf.engine().runKernel('Sum', { x: tf.tensor(x.values, x.shape) }, attrs) as tf.Tensor).shape);
      const axes = tf.util.parseAxisParam(c.axis, c.shape);
      const expected = c.keepDims ? c.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : c.shape.filter((_, i) => !axes.includes(i));
      expect(shape).toEqual(expected);
    });
  }
});
