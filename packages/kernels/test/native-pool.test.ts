// The worker pool of the native loops, on a shared memory of its own (no tfjs): a loop split into
// ranges on the workers writes exactly what one whole call writes; a worker's failure reaches the
// caller; a stopped pool runs every range on the calling thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileNative, SPLIT_EXPORTS, type NativeKernels } from '../src/internal/native.js';
import { splitRange, startNativePool, type NativePool } from '../src/internal/native-pool.js';
import { rand } from './helpers.js';

describe('splitRange', () => {
  it('covers [0, total) with contiguous ranges on grain bounds', () => {
    expect(splitRange(10, 2)).toEqual([[0, 5], [5, 10]]);
    expect(splitRange(10, 3, 4)).toEqual([[0, 4], [4, 8], [8, 10]]);
    expect(splitRange(6, 2, 4)).toEqual([[0, 4], [4, 6]]);
    expect(splitRange(3, 4)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(splitRange(4, 8, 4)).toEqual([[0, 4]]);
    expect(splitRange(0, 2)).toEqual([]);
    for (const [total, parts, grain] of [[17, 3, 1], [100, 2, 4], [130, 5, 8], [1, 2, 1]] as const) {
      const ranges = splitRange(total, parts, grain);
      expect(ranges.length).toBeLessThanOrEqual(parts);
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(total);
      ranges.forEach(([s, e], i) => {
        expect(e).toBeGreaterThan(s);
        if (i > 0) expect(s).toBe(ranges[i - 1]![1]);
        if (i < ranges.length - 1) expect(e % grain).toBe(0);
      });
    }
  });
});

describe('native loops on worker threads', () => {
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  const module = compileNative(true)!;
  const k = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as NativeKernels;
  const heap = new Float32Array(memory.buffer);
  let pool: NativePool;
  let top = 1024;
  // Float32 buffers in the shared heap (byte offsets).
  const alloc = (floats: number, values?: Float32Array): number => {
    const at = top;
    top += 4 * (floats + 16);
    if (values) heap.set(values, at / 4);
    else heap.fill(Number.NaN, at / 4, at / 4 + floats);
    return at;
  };
  const read = (at: number, floats: number) => heap.slice(at / 4, at / 4 + floats);
  const fn = (name: keyof NativeKernels) => k[name] as unknown as (...a: number[]) => void;

  beforeAll(async () => {
    pool = (await startNativePool(module, memory, SPLIT_EXPORTS, 1, true))!;
    expect(pool).toBeDefined();
    expect(pool.size).toBe(1);
  });
  afterAll(() => pool?.stop());

  it('max-pool gradient: images split between threads equal one call', () => {
    const [n, h, w, c] = [6, 8, 10, 12];
    const [inImage, outImage] = [h * w * c, (h / 2) * (w / 2) * c];
    const x = alloc(n * inImage, rand(n * inImage, 1));
    const dy = alloc(n * outImage, rand(n * outImage, 2));
    const whole = alloc(n * inImage);
    const split = alloc(n * inImage);
    k.max_pool_grad_2x2(dy, x, n, h, w, c, whole);
    pool.run(fn('max_pool_grad_2x2'), 'max_pool_grad_2x2', splitRange(n, 2).map(([b0, b1]) => [dy + 4 * b0 * outImage, x + 4 * b0 * inImage, b1 - b0, h, w, c, split + 4 * b0 * inImage]));
    expect(read(split, n * inImage)).toEqual(read(whole, n * inImage));
  });

  it('batch norm forward and backward: channels split between threads equal one call', () => {
    for (const c of [8, 12, 10]) {
      const rows = 300;
      const x = alloc(rows * c, rand(rows * c, 3).map((v) => 5 + 2 * v));
      const gamma = alloc(c, rand(c, 4));
      const beta = alloc(c, rand(c, 5));
      const outs = [0, 1].map(() => ({ y: alloc(rows * c), m: alloc(c), v: alloc(c), s: alloc(c), scratch: alloc(8 * c) }));
      const [a, b] = outs as [(typeof outs)[0], (typeof outs)[0]];
      k.bn_train(x, gamma, beta, rows, c, c, 1e-5, a.y, a.m, a.v, a.s, a.scratch);
      pool.run(fn('bn_train'), 'bn_train', splitRange(c, 2, 4).map(([j0, j1]) => [x + 4 * j0, gamma + 4 * j0, beta + 4 * j0, rows, j1 - j0, c, 1e-5, b.y + 4 * j0, b.m + 4 * j0, b.v + 4 * j0, b.s + 4 * j0, b.scratch + 32 * j0]));
      for (const key of ['y', 'm', 'v', 's'] as const) expect(read(b[key], key === 'y' ? rows * c : c), `${key} c=${c}`).toEqual(read(a[key], key === 'y' ? rows * c : c));
      const dy = alloc(rows * c, rand(rows * c, 6));
      const grads = [0, 1].map(() => ({ dx: alloc(rows * c), dg: alloc(c), db: alloc(c), scratch: alloc(10 * c) }));
      const [ga, gb] = grads as [(typeof grads)[0], (typeof grads)[0]];
      k.bn_train_grad(dy, x, a.m, a.s, gamma, rows, c, c, ga.dx, ga.dg, ga.db, ga.scratch);
      pool.run(fn('bn_train_grad'), 'bn_train_grad', splitRange(c, 2, 4).map(([j0, j1]) => [dy + 4 * j0, x + 4 * j0, a.m + 4 * j0, a.s + 4 * j0, gamma + 4 * j0, rows, j1 - j0, c, gb.dx + 4 * j0, gb.dg + 4 * j0, gb.db + 4 * j0, gb.scratch + 40 * j0]));
      for (const key of ['dx', 'dg', 'db'] as const) expect(read(gb[key], key === 'dx' ? rows * c : c), `${key} c=${c}`).toEqual(read(ga[key], key === 'dx' ? rows * c : c));
    }
  });

  it("transposed im2col: each thread fills its images' columns of the same rows", () => {
    const [n, h, w, c, kh, kw] = [5, 9, 7, 3, 3, 3];
    const [oh, ow] = [h - 2, w - 2];
    const M = n * oh * ow;
    const K = kh * kw * c;
    const x = alloc(n * h * w * c, rand(n * h * w * c, 7));
    const whole = alloc(K * M);
    const split = alloc(K * M);
    k.im2col_t(whole, x, h, w, c, oh, ow, kh, kw, 1, 1, 1, 1, 0, 0, 0, n, M, 0);
    pool.run(fn('im2col_t'), 'im2col_t', splitRange(n, 2).map(([i0, i1]) => [split, x, h, w, c, oh, ow, kh, kw, 1, 1, 1, 1, 0, 0, i0, i1 - i0, M, i0 * oh * ow]));
    expect(read(split, K * M)).toEqual(read(whole, K * M));
  });

  it('a failure on a worker reaches the caller, who still waits for every range', () => {
    const out = alloc(64);
    // The worker's range reads far past the end of memory: a trap there, reported here.
    expect(() =>
      pool.run(fn('sum_leading'), 'sum_leading', [
        [out, 4, 4, 4, 1, out, out + 1024],
        [0x7ff00000, 1 << 20, 4, 4, 1, out, out + 1024],
      ]),
    ).toThrow(/@dl\/kernels: the native loop sum_leading failed on a worker thread/);
    expect(() => pool.run(fn('sum_trailing'), 'sum_trailing', [[0], [0]])).toThrow(/sum_trailing is not a native export the workers know/);
    // The pool still works after a failure.
    const x = alloc(64, rand(64, 8));
    const [a, b] = [alloc(16), alloc(16)];
    k.sum_leading(x, 4, 16, 16, 1, a, alloc(32));
    const scratch = alloc(32);
    pool.run(fn('sum_leading'), 'sum_leading', splitRange(16, 2, 4).map(([j0, j1]) => [x + 4 * j0, 4, j1 - j0, 16, 1, b + 4 * j0, scratch + 8 * j0]));
    expect(read(b, 16)).toEqual(read(a, 16));
  });

  it('a stopped pool runs every range on the calling thread', async () => {
    const second = (await startNativePool(module, memory, SPLIT_EXPORTS, 1, true))!;
    second.stop();
    const x = alloc(64, rand(64, 9));
    const [a, b] = [alloc(16), alloc(16)];
    k.sum_leading(x, 4, 16, 16, 0.5, a, alloc(32));
    const scratch = alloc(32);
    second.run(fn('sum_leading'), 'sum_leading', splitRange(16, 2, 4).map(([j0, j1]) => [x + 4 * j0, 4, j1 - j0, 16, 0.5, b + 4 * j0, scratch + 8 * j0]));
    expect(read(b, 16)).toEqual(read(a, 16));
  });

  it('gives no pool without a shared heap', async () => {
    const plain = new WebAssembly.Memory({ initial: 2, maximum: 65536 });
    expect(await startNativePool(compileNative(false)!, plain, SPLIT_EXPORTS, 1, true)).toBeUndefined();
  });
});
