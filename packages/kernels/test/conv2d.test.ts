import { beforeAll, describe, it } from 'vitest';
import { convCases } from './conv-cases.js';
import { expectClose, outputSize, rand, runOurs, runStockCpu, setup } from './helpers.js';

beforeAll(setup);

describe('Conv2D [cpu]', () => {
  for (const c of convCases) {
    it(c.name, async () => {
      const x = { shape: c.x, values: rand(outputSize(c.x), 51) };
      const filter = { shape: c.filter, values: rand(outputSize(c.filter), 52) };
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilations ?? 1 };
      const ours = await runOurs('cpu', 'Conv2D', { x, filter }, attrs);
      // The stock forward handles dilations; only the summation order differs.
      expectClose(ours, await runStockCpu('Conv2D', { x, filter }, attrs), 1e-5, 1e-6);
    });
  }
});
