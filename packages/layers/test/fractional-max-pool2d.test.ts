import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { fractionalMaxPool2d, fractionalSequence, gradientCheck } from '../src/index.js';
import fx from './fixtures/fractional-max-pool.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, spaced } from './helpers.js';

/** Max pooling over the regions of the given boundaries, in plain JavaScript. */
function reference(x: number[][][][], rows: number[], cols: number[], overlapping: boolean): number[][][][] {
  const h = x[0]!.length;
  const w = x[0]![0]!.length;
  const end = (a: number[], i: number, n: number) => Math.min(overlapping ? a[i + 1]! : a[i + 1]! - 1, n - 1);
  return x.map((img) =>
    rows.slice(0, -1).map((r0, i) =>
      cols.slice(0, -1).map((c0, j) =>
        img[0]![0]!.map((_, ch) => {
          let m = -Infinity;
          for (let r = r0; r <= end(rows, i, h); r++) for (let c = c0; c <= end(cols, j, w); c++) m = Math.max(m, img[r]![c]![ch]!);
          return m;
        }),
      ),
    ),
  );
}

describeBackends('fractionalMaxPool2d', (backend) => {
  for (const overlapping of [false, true]) {
    for (const pseudoRandom of [true, false]) {
      it(`pools the regions of its sequences (overlapping ${overlapping}, pseudoRandom ${pseudoRandom})`, async () => {
        const x = spaced([2, 7, 9, 2]);
        const pool = fractionalMaxPool2d({ outputRatio: [0.7, 0.6], overlapping, pseudoRandom });
        const y = expectNoLeak(() => pool.apply(x, { rng: new Rng(5) }));
        const r = new Rng(5);
        const rows = fractionalSequence(7, 4, pseudoRandom, r);
        const cols = fractionalSequence(9, 5, pseudoRandom, r);
        expect(y.shape).toEqual([2, 4, 5, 2]);
        await expectTensorsClose(y, reference((await x.array()) as number[][][][], rows, cols, overlapping), { rtol: 0, atol: 0 });
        tf.dispose([x, y]);
      });
    }
  }

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3 (fixed regions, no ties)', async () => {
    const x = spaced([1, 5, 5, 1], 0.1, 3);
    const pool = fractionalMaxPool2d({ outputRatio: 0.7, overlapping: true });
    const r = await expectNoLeak(() => gradientCheck(([x]) => pool.apply(x!, { rng: new Rng(1) }), [x]));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
  });
});

describe('fractionalMaxPool2d', () => {
  it(`gives PyTorch ${fx.torch}'s FractionalMaxPool2d output sizes for the same ratio`, () => {
    for (const s of fx.sizes) {
      const pool = fractionalMaxPool2d({ outputRatio: s.ratio as [number, number] });
      expect(pool.outputShape(s.input[0]!, s.input[1]!)).toEqual(s.output);
    }
    for (const s of fx.sizes.slice(0, 6)) {
      const x = tf.zeros([1, s.input[0]!, s.input[1]!, 1]);
      const y = fractionalMaxPool2d({ outputRatio: s.ratio as [number, number], seed: 0 }).apply(x);
      expect(y.shape).toEqual([1, ...s.output!, 1]);
      tf.dispose([x, y]);
    }
  });

  it("follows Graham's sequences: increments ⌊α⌋ or ⌈α⌉ from 0 to n, seeded", () => {
    for (const [n, out] of [[10, 7], [25, 17], [32, 16], [9, 5], [12, 12]] as const) {
      for (const pseudoRandom of [true, false]) {
        for (let seed = 0; seed < 20; seed++) {
          const a = fractionalSequence(n, out, pseudoRandom, new Rng(seed));
          expect(a.length).toBe(out + 1);
          expect(a[0]).toBe(0);
          expect(a[out]).toBe(n);
          const inc = a.slice(1).map((v, i) => v - a[i]!);
          for (const d of inc) expect([Math.floor(n / out), Math.ceil(n / out)]).toContain(d);
          expect(fractionalSequence(n, out, pseudoRandom, new Rng(seed))).toEqual(a);
        }
      }
    }
  });

  it('random sequences vary with the seed', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 10; seed++) seen.add(fractionalSequence(25, 17, false, new Rng(seed)).join());
    expect(seen.size).toBeGreaterThan(5);
  });

  it('throws on bad options and shapes', () => {
    expectThrowNoLeak(() => fractionalMaxPool2d({ outputRatio: 1.5 }), 'fractionalMaxPool2d: outputRatio must be in (0, 1]');
    expectThrowNoLeak(() => fractionalMaxPool2d({}), 'fractionalMaxPool2d: give exactly one of outputRatio and outputSize', TypeError);
    const x = tf.ones([1, 3, 3, 1]);
    expectThrowNoLeak(() => fractionalMaxPool2d({ outputSize: 4 }).apply(x), 'fractionalMaxPool2d: expected input of shape [N, H, W, C], got [1, 3, 3, 1] (the output 4x4 must be');
    x.dispose();
  });
});
