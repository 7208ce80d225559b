import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { fractionalIntervals, fractionalMaxPool2d, fractionalSequence, gradientCheck, grahamFractionalMaxPool2d } from '../src/index.js';
import fx from './fixtures/fractional-max-pool.json';
import tfx from './fixtures/fractional-max-pool-torch.json';
import { heavyOnGpu } from './helpers-heavy.js';
import { expectThrowNoLeak, forwardBackward, spaced, T, tol } from './helpers.js';

type Image = number[][][][];

/**
 * PyTorch's fractional max pooling in plain JavaScript (NHWC): the output, the positions
 * h·W + w of the maxima (first maximum in scan order), and the gradient of Σ y · upstream.
 */
function torchReference(x: Image, k: [number, number], out: [number, number], samples: number[][][], upstream?: Image) {
  const [h, w] = [x[0]!.length, x[0]![0]!.length];
  const grad = x.map((img) => img.map((row) => row.map((px) => px.map(() => 0))));
  const pos = x.map((img, n) =>
    Array.from({ length: out[0] }, (_, i) =>
      Array.from({ length: out[1] }, (_, j) =>
        img[0]![0]!.map((_, c) => {
          const rows = fractionalIntervals(samples[n]![c]![1]!, h, out[0], k[0]);
          const cols = fractionalIntervals(samples[n]![c]![0]!, w, out[1], k[1]);
          let best = rows[i]! * w + cols[j]!;
          let m = -Infinity;
          for (let r = rows[i]!; r < rows[i]! + k[0]; r++) {
            for (let q = cols[j]!; q < cols[j]! + k[1]; q++) {
              if (img[r]![q]![c]! > m) [m, best] = [img[r]![q]![c]!, r * w + q];
            }
          }
          if (upstream) grad[n]![Math.floor(best / w)]![best % w]![c]! += upstream[n]![i]![j]![c]!;
          return best;
        }),
      ),
    ),
  );
  const y = pos.map((img, n) => img.map((row) => row.map((px) => px.map((p, c) => x[n]![Math.floor(p / w)]![p % w]![c]!))));
  return { y, pos, grad };
}

/** Graham's regions max-pooled in plain JavaScript. */
function grahamReference(x: Image, rows: number[], cols: number[], overlapping: boolean): Image {
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

const pairOf = (v: number | number[]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0]!, v[1]!]);

describeBackends('fractionalMaxPool2d', (backend) => {
  for (const c of tfx.cases) {
    const [n, h, w, ch] = [c.x.length, c.x[0]!.length, c.x[0]![0]!.length, c.x[0]![0]![0]!.length];
    const name = `kernel ${JSON.stringify(c.kernelSize)}, ${c.outputSize ? `outputSize ${JSON.stringify(c.outputSize)}` : `outputRatio ${JSON.stringify(c.outputRatio)}`}, input ${n}x${h}x${w}x${ch}`;
    it(`matches F.fractional_max_pool2d with _random_samples (${name}): output, indices and gradient`, async () => {
      const size = c.outputSize ? pairOf(c.outputSize) : undefined;
      const ratio = c.outputRatio ? pairOf(c.outputRatio) : undefined;
      const pool = fractionalMaxPool2d(pairOf(c.kernelSize), { ...(size ? { outputSize: size } : { outputRatio: ratio! }), randomSamples: c.randomSamples });
      const x = T(c.x);
      const up = T(c.upstream);
      const r = expectNoLeak(() => forwardBackward(pool, x, up));
      await expectTensorsClose(r.y, c.y, tol(backend));
      await expectTensorsClose(r.gx, c.gradX, tol(backend));
      const { output, indices } = expectNoLeak(() => pool.applyWithIndices(x));
      expect(indices.dtype).toBe('int32');
      await expectTensorsClose(output, c.y, { rtol: 0, atol: 0 });
      await expectTensorsClose(indices, c.indices, { rtol: 0, atol: 0 });
      tf.dispose([x, up, r.y, r.gx, output, indices]);
    });
  }

  it('±Infinity inputs are pooled as values: no NaN, gradients to the chosen pixels', async () => {
    const base = (await spaced([2, 7, 8, 3]).array()) as Image;
    base[0]![1]![2]![0] = Infinity;
    base[0]![5]![5]![1] = Infinity;
    base[1]![0]![0]![2] = -Infinity;
    base[1]![3]![4]![0] = -Infinity;
    for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) base[1]![r]![q]![1] = -Infinity; // a whole window of −∞
    const samples = [0, 1].map((i) => [0, 1, 2].map((j) => [((i * 3 + j) * 0.137) % 1, ((i * 3 + j) * 0.291 + 0.05) % 1]));
    const pool = fractionalMaxPool2d(2, { outputSize: [4, 5], randomSamples: samples });
    const upstream = (await spaced([2, 4, 5, 3], 0.3, 7).array()) as Image;
    const ref = torchReference(base, [2, 2], [4, 5], samples, upstream);
    const x = tf.tensor(base);
    const up = tf.tensor(upstream);
    const r = expectNoLeak(() => forwardBackward(pool, x, up));
    const y = await r.y.data();
    expect(y.some(Number.isNaN)).toBe(false);
    expect(y.some((v) => v === Infinity)).toBe(true);
    await expectTensorsClose(r.y, ref.y, { rtol: 0, atol: 0 });
    const gx = await r.gx.data();
    expect(gx.some(Number.isNaN)).toBe(false);
    if (!heavyOnGpu(backend)) await expectTensorsClose(r.gx, ref.grad, tol(backend)); // argMax's ties among −∞ as PyTorch on cpu and wasm
    tf.dispose([x, up, r.y, r.gx]);
  });

  it('draws one sample per image, channel and side from its rng: seeded, the same on every backend', async () => {
    const x = tf.tile(spaced([1, 9, 9, 1]), [2, 1, 1, 4]); // every image and channel the same
    const pool = fractionalMaxPool2d(2, { outputRatio: 0.6 });
    const a = expectNoLeak(() => pool.applyWithIndices(x, { rng: new Rng(3) }));
    const b = pool.applyWithIndices(x, { rng: new Rng(3) });
    await expectTensorsClose(b.indices, a.indices, { rtol: 0, atol: 0 });
    // The samples are torch.rand's float32 draws from the rng: n, c, then (width, height).
    const rng = new Rng(3);
    const u = () => (rng.nextUint32() >>> 8) / 16777216;
    const samples = [0, 1].map(() => [0, 1, 2, 3].map(() => [u(), u()]));
    const ref = torchReference((await x.array()) as Image, [2, 2], [5, 5], samples);
    await expectTensorsClose(a.indices, ref.pos, { rtol: 0, atol: 0 });
    const layouts = new Set(ref.pos.flatMap((img) => [0, 1, 2, 3].map((c) => JSON.stringify(img.map((row) => row.map((p) => p[c]))))));
    expect(layouts.size).toBeGreaterThan(4); // the planes pool different windows
    tf.dispose([x, a.output, a.indices, b.output, b.indices]);
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3 (fixed samples, no ties)', async () => {
    const x = spaced([2, 6, 7, 2], 0.1, 3);
    const pool = fractionalMaxPool2d([2, 3], { outputSize: [4, 3], randomSamples: [[[0.3, 0.8], [0.1, 0.5]], [[0.9, 0.2], [0.6, 0.4]]] });
    const r = await expectNoLeak(() => gradientCheck(([x]) => pool.apply(x!), [x]));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
  });
});

describeBackends('grahamFractionalMaxPool2d', (backend) => {
  for (const overlapping of [false, true]) {
    for (const pseudoRandom of [true, false]) {
      it(`pools the regions of its sequences (overlapping ${overlapping}, pseudoRandom ${pseudoRandom})`, async () => {
        const x = spaced([2, 7, 9, 2]);
        const pool = grahamFractionalMaxPool2d({ outputRatio: [0.7, 0.6], overlapping, pseudoRandom });
        const y = expectNoLeak(() => pool.apply(x, { rng: new Rng(5) }));
        const r = new Rng(5);
        const rows = fractionalSequence(7, 4, pseudoRandom, r);
        const cols = fractionalSequence(9, 5, pseudoRandom, r);
        expect(y.shape).toEqual([2, 4, 5, 2]);
        await expectTensorsClose(y, grahamReference((await x.array()) as Image, rows, cols, overlapping), { rtol: 0, atol: 0 });
        tf.dispose([x, y]);
      });
    }
  }

  it('±Infinity inputs are pooled as values: no NaN', async () => {
    const base = (await spaced([1, 10, 10, 2]).array()) as Image;
    base[0]![3]![4]![0] = Infinity;
    base[0]![7]![1]![1] = -Infinity;
    base[0]![0]![9]![1] = Infinity;
    const x = tf.tensor(base);
    const pool = grahamFractionalMaxPool2d({ outputRatio: 0.7, overlapping: true });
    const y = expectNoLeak(() => pool.apply(x, { rng: new Rng(2) }));
    const r = new Rng(2);
    const ref = grahamReference(base, fractionalSequence(10, 7, true, r), fractionalSequence(10, 7, true, r), true);
    await expectTensorsClose(y, ref, { rtol: 0, atol: 0 });
    const g = expectNoLeak(() => tf.grad((t: tf.Tensor) => tf.sum(pool.apply(t, { rng: new Rng(2) })))(x));
    expect((await g.data()).some(Number.isNaN)).toBe(false);
    tf.dispose([x, y, g]);
  });

  it.skipIf(heavyOnGpu(backend))('gradientCheck: worst relative error < 1e-3 (fixed regions, no ties)', async () => {
    const x = spaced([1, 5, 5, 1], 0.1, 3);
    const pool = grahamFractionalMaxPool2d({ outputRatio: 0.7, overlapping: true });
    const r = await expectNoLeak(() => gradientCheck(([x]) => pool.apply(x!, { rng: new Rng(1) }), [x]));
    expect(r.maxRelativeError).toBeLessThan(1e-3);
    x.dispose();
  });
});

describe('fractionalMaxPool2d', () => {
  it(`gives PyTorch ${fx.torch}'s FractionalMaxPool2d(2, output_ratio) output sizes`, () => {
    for (const s of fx.sizes) {
      const pool = fractionalMaxPool2d(2, { outputRatio: s.ratio as [number, number] });
      expect(pool.outputShape(s.input[0]!, s.input[1]!)).toEqual(s.output);
    }
    for (const s of fx.sizes.slice(0, 6)) {
      const x = tf.zeros([1, s.input[0]!, s.input[1]!, 1]);
      const y = fractionalMaxPool2d(2, { outputRatio: s.ratio as [number, number], seed: 0 }).apply(x);
      expect(y.shape).toEqual([1, ...s.output!, 1]);
      tf.dispose([x, y]);
    }
  });

  it("fractionalIntervals: PyTorch's starts, from 0 (sample 0) to in − k, windows inside the input", () => {
    expect(fractionalIntervals(0, 10, 5, 2)).toEqual([0, 2, 4, 6, 8]);
    expect(fractionalIntervals(0.5, 7, 1, 3)).toEqual([4]);
    expect(fractionalIntervals(1 - 2 ** -24, 6, 4, 3)).toEqual([0, 2, 3, 3]); // PyTorch's float32 arithmetic (the last fixture case)
    for (const [n, out, k] of [[7, 4, 2], [25, 17, 2], [10, 5, 3], [6, 4, 3], [32, 16, 2], [9, 2, 4]] as const) {
      for (const u of [0, 0.1, 0.5, 0.77, 1 - 2 ** -24]) {
        const s = fractionalIntervals(u, n, out, k);
        expect(s.length).toBe(out);
        expect(s[out - 1]).toBe(n - k);
        // Increasing, except where float32 rounds (i + u)·α up to the next integer (α = 1, u near 1).
        for (let i = 1; i < out; i++) expect(s[i]!).toBeGreaterThanOrEqual(s[i - 1]! + (u < 0.9 ? 1 : 0));
        expect(s[0]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('throws on bad options, samples and shapes, without leaking', () => {
    const err = (fn: () => unknown, m: string, t: new (...a: never[]) => Error = RangeError) => expectThrowNoLeak(fn, m, t);
    err(() => fractionalMaxPool2d(0, { outputSize: 2 }), 'fractionalMaxPool2d: kernelSize must be >= 1, got 0');
    err(() => fractionalMaxPool2d(2, { outputRatio: 1 }), 'fractionalMaxPool2d: outputRatio must be in (0, 1) (or a pair of such), got 1');
    err(() => fractionalMaxPool2d(2, { outputRatio: [0.5, 0] }), 'fractionalMaxPool2d: outputRatio must be in (0, 1)');
    err(() => fractionalMaxPool2d(2, { outputRatio: '0.5' as never }), "fractionalMaxPool2d: outputRatio must be a number or a pair of numbers, got '0.5'", TypeError);
    err(() => fractionalMaxPool2d(2, {}), 'fractionalMaxPool2d: give exactly one of outputRatio and outputSize', TypeError);
    err(() => fractionalMaxPool2d(2, { outputSize: 2, outputRatio: 0.5 }), 'fractionalMaxPool2d: give exactly one of outputRatio and outputSize', TypeError);
    err(() => fractionalMaxPool2d(2, undefined as never), 'fractionalMaxPool2d: give exactly one of outputRatio and outputSize', TypeError);
    err(() => fractionalMaxPool2d(2, { outputSize: 2, randomSamples: [[0.5, 0.5]] as never }), 'fractionalMaxPool2d: randomSamples must be [N][C][2] numbers', TypeError);
    err(() => fractionalMaxPool2d(2, { outputSize: 2, randomSamples: [[[0.5, 0.5]], [[0.1, 0.2], [0.3, 0.4]]] }), 'fractionalMaxPool2d: randomSamples must be [N][C][2] numbers', TypeError);
    err(() => fractionalMaxPool2d(2, { outputSize: 2, randomSamples: [[[0.5, 1]]] }), 'fractionalMaxPool2d: randomSamples must lie in [0, 1), got [0.5,1]');
    err(() => fractionalIntervals(1, 10, 5, 2), 'fractionalIntervals: sample must be in [0, 1), got 1');
    err(() => fractionalIntervals(0.5, 5, 5, 2), 'fractionalIntervals: outputSize + kernelSize - 1 must be at most inputSize, got 5 + 2 - 1 > 5');
    const x = tf.ones([1, 5, 5, 2]);
    err(() => fractionalMaxPool2d(2, { outputSize: 5 }).apply(x), 'fractionalMaxPool2d: expected input of shape [N, H, W, C], got [1, 5, 5, 2] (a 2x2 kernel and a 5x5 output need at least 6x6');
    err(() => fractionalMaxPool2d(2, { outputRatio: 0.1 }).apply(x), 'fractionalMaxPool2d: expected input of shape [N, H, W, C], got [1, 5, 5, 2] (a 2x2 kernel and a 0x0 output');
    err(() => fractionalMaxPool2d(2, { outputSize: 2, randomSamples: [[[0.5, 0.5]]] }).apply(x), 'fractionalMaxPool2d: expected input of shape [1, H, W, 1], got [1, 5, 5, 2] (randomSamples is [1, 1, 2])');
    const x3 = x.reshape([5, 5, 2]);
    err(() => fractionalMaxPool2d(2, { outputSize: 2 }).applyWithIndices(x3), 'fractionalMaxPool2d: expected input of shape [N, H, W, C], got [5, 5, 2]');
    x3.dispose();
    err(() => fractionalMaxPool2d(2, { outputSize: 2 }).applyWithIndices(x, { rng: 3 as never }), 'fractionalMaxPool2d: rng must be an Rng from @dl/core, got 3', TypeError);
    x.dispose();
  });
});

describe('grahamFractionalMaxPool2d', () => {
  it('gives the output sizes of PyTorch for the same ratio', () => {
    for (const s of fx.sizes) {
      expect(grahamFractionalMaxPool2d({ outputRatio: s.ratio as [number, number] }).outputShape(s.input[0]!, s.input[1]!)).toEqual(s.output);
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
    expectThrowNoLeak(() => grahamFractionalMaxPool2d({ outputRatio: 1.5 }), 'grahamFractionalMaxPool2d: outputRatio must be in (0, 1]');
    expectThrowNoLeak(() => grahamFractionalMaxPool2d({}), 'grahamFractionalMaxPool2d: give exactly one of outputRatio and outputSize', TypeError);
    expectThrowNoLeak(() => grahamFractionalMaxPool2d({ outputSize: 2, overlapping: 'yes' as never }), "grahamFractionalMaxPool2d: overlapping must be a boolean, got 'yes'", TypeError);
    const x = tf.ones([1, 3, 3, 1]);
    expectThrowNoLeak(() => grahamFractionalMaxPool2d({ outputSize: 4 }).apply(x), 'grahamFractionalMaxPool2d: expected input of shape [N, H, W, C], got [1, 3, 3, 1] (the output 4x4 must be');
    x.dispose();
  });
});
