import { beforeAll, describe, it } from 'vitest';
import { expectClose, outputSize, rand, runOurs, runStockCpu, setup } from './helpers.js';

beforeAll(setup);

const cases: { name: string; a: number[]; b: number[] }[] = [
  { name: 'matrices', a: [1, 7, 5], b: [1, 5, 3] },
  { name: 'a batch of 3', a: [3, 4, 6], b: [3, 6, 2] },
  { name: 'a dense layer backward size', a: [1, 33, 65], b: [1, 65, 17] },
];

describe('BatchMatMul [wasm]', () => {
  for (const c of cases) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`${c.name}, transposeA ${transposeA}, transposeB ${transposeB}`, async () => {
          const swap = (s: number[], t: boolean) => (t ? [s[0]!, s[2]!, s[1]!] : s);
          const a = { shape: swap(c.a, transposeA), values: rand(outputSize(c.a), 81) };
          const b = { shape: swap(c.b, transposeB), values: rand(outputSize(c.b), 82) };
          const attrs = { transposeA, transposeB };
          const ours = await runOurs('wasm', 'BatchMatMul', { a, b }, attrs);
          expectClose(ours, await runStockCpu('BatchMatMul', { a, b }, attrs), 1e-5, 1e-6);
        });
      }
    }
  }
});
