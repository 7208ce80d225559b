// Clipping against torch.nn.utils.clip_grad_norm_ / clip_grad_value_ (test/fixtures/clipping.json):
// the transformations (clipByValue, clipByGlobalNorm) and the functions for training loops
// (clipGradNorm, clipGradValue).
import { describe, expect, it, vi } from 'vitest';
import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { Optimizer, adam, chain, clipByValue, clipByGlobalNorm, clipGradNorm, clipGradValue, globalNorm } from '../src/index.js';
import type { NormType } from '../src/index.js';
import fx from './fixtures/clipping.json';

type Encoded = number | 'nan' | 'inf' | '-inf';
interface ClipCase {
  kind: 'norm' | 'value' | 'nonfinite';
  shapes: Record<string, number[]>;
  grads: Record<string, Encoded[]>;
  clipped: Record<string, Encoded[]>;
  clipValue?: number;
  maxNorm?: number;
  normType?: number | 'inf';
  norm?: Encoded;
  torchError?: string;
}
const CASES = fx.cases as unknown as ClipCase[];
const TOL = { rtol: 1e-5, atol: 1e-6 };

/** JSON has no NaN or Infinity: the generator writes them as strings. */
const decode = (v: Encoded): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const named = (c: ClipCase, values: Record<string, Encoded[]>): NamedTensors =>
  Object.fromEntries(Object.entries(c.shapes).map(([n, s]) => [n, tf.tensor(values[n]!.map(decode), s)]));
const normTypeOf = (c: ClipCase): NormType => c.normType!;
const title = (c: ClipCase): string => `maxNorm ${c.maxNorm}, normType ${c.normType}, norm ${typeof c.norm === 'number' ? c.norm.toPrecision(4) : c.norm}`;
/** WebGPU has no usable synchronous readback (Node lacks the OffscreenCanvas tfjs uses; Chromium loses the device). */
const syncReadback = (backend: string): boolean => backend !== 'webgpu';

describeBackends('clipByValue matches torch.nn.utils.clip_grad_value_', () => {
  for (const c of CASES.filter((x) => x.kind === 'value')) {
    it(`clipValue ${c.clipValue}`, async () => {
      const t = clipByValue(c.clipValue!);
      const grads = named(c, c.grads);
      const r = expectNoLeak(() => t.update(grads, t.init(grads)));
      await expectTensorsClose(r.updates, named(c, c.clipped), { rtol: 0, atol: 0 });
      tf.dispose([...Object.values(r.updates), ...Object.values(grads)]);
    });
  }
});

describe('clipByValue options', () => {
  it('throws before any tensor is made', () => {
    expect(() => clipByValue(-1)).toThrow('clipByValue: clipValue must be > 0, got -1');
  });
});

describeBackends('clipByGlobalNorm matches torch.nn.utils.clip_grad_norm_', (backend) => {
  for (const c of CASES.filter((x) => x.kind === 'norm')) {
    it(title(c), async () => {
      for (const errorIfNonfinite of syncReadback(backend) ? [false, true] : [false]) {
        const t = clipByGlobalNorm(c.maxNorm!, { normType: normTypeOf(c), errorIfNonfinite });
        const grads = named(c, c.grads);
        const state = t.init(grads);
        const r = expectNoLeak(() => tf.tidy(() => t.update(grads, state) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof t.update>);
        await expectTensorsClose(r.updates, named(c, c.clipped), TOL);
        await expectTensorsClose(r.state.globalNorm, decode(c.norm!), TOL);
        tf.dispose([state.globalNorm, r.state.globalNorm, ...Object.values(r.updates), ...Object.values(grads)]);
      }
    });
  }

  it("'inf' and Infinity are the same norm", async () => {
    const c = CASES.find((x) => x.kind === 'norm' && x.normType === 'inf')!;
    const grads = named(c, c.grads);
    const a = clipByGlobalNorm(c.maxNorm!, { normType: 'inf' });
    const b = clipByGlobalNorm(c.maxNorm!, { normType: Infinity });
    const ra = tf.tidy(() => a.update(grads, a.init(grads)) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof a.update>;
    const rb = tf.tidy(() => b.update(grads, b.init(grads)) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof b.update>;
    await expectTensorsClose(ra.updates, rb.updates, { rtol: 0, atol: 0 });
    tf.dispose([ra as unknown as tf.TensorContainer, rb as unknown as tf.TensorContainer, grads]);
  });

  for (const c of CASES.filter((x) => x.kind === 'nonfinite')) {
    it(`non-finite gradients, normType ${c.normType}: errorIfNonfinite false scales by the ${c.norm} norm as PyTorch`, async () => {
      const t = clipByGlobalNorm(c.maxNorm!, { normType: normTypeOf(c) });
      const grads = named(c, c.grads);
      const r = expectNoLeak(() => tf.tidy(() => t.update(grads, t.init(grads)) as unknown as tf.TensorContainer) as unknown as ReturnType<typeof t.update>);
      await expectTensorsClose(r.updates, named(c, c.clipped), TOL);
      await expectTensorsClose(r.state.globalNorm, decode(c.norm!), TOL);
      tf.dispose([r as unknown as tf.TensorContainer, grads]);
    });

    it(`non-finite gradients, normType ${c.normType}: errorIfNonfinite throws from update (PyTorch raised), leaking nothing`, () => {
      expect(c.torchError).toContain('is non-finite, so it cannot be clipped');
      const t = clipByGlobalNorm(c.maxNorm!, { normType: normTypeOf(c), errorIfNonfinite: true });
      const grads = named(c, c.grads);
      const state = t.init(grads);
      const message = syncReadback(backend)
        ? `clipByGlobalNorm: the total norm of order ${c.normType} is ${c.norm === 'nan' ? 'NaN' : 'Infinity'} (the gradients hold NaN or ±Infinity), so they cannot be clipped; set errorIfNonfinite: false to scale them by the non-finite norm anyway`
        : 'clipByGlobalNorm: errorIfNonfinite reads a value back synchronously (dataSync), which the webgpu backend cannot do reliably';
      // called directly (no tf.tidy around it) it still leaks nothing
      expect(() => expectNoLeak(() => t.update(grads, state))).toThrow(message);
      tf.dispose([state.globalNorm, grads]);
    });
  }

  it('reads the norm back only with errorIfNonfinite', () => {
    const grads = { a: tf.tensor1d([3, -4]), b: tf.tensor1d([12]) };
    const spy = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const spyAsync = vi.spyOn(tf.Tensor.prototype, 'data');
    try {
      const t = clipByGlobalNorm(1);
      const r = tf.tidy(() => t.update(grads, t.init(grads)) as unknown as tf.TensorContainer);
      expect(spy).not.toHaveBeenCalled();
      expect(spyAsync).not.toHaveBeenCalled();
      tf.dispose(r);
      if (syncReadback(backend)) {
        const e = clipByGlobalNorm(1, { errorIfNonfinite: true });
        const r2 = tf.tidy(() => e.update(grads, e.init(grads)) as unknown as tf.TensorContainer);
        expect(spy).toHaveBeenCalledTimes(1);
        tf.dispose(r2);
      }
    } finally {
      spy.mockRestore();
      spyAsync.mockRestore();
      tf.dispose(grads);
    }
  });

  it('inside an Optimizer: a throwing update changes nothing and leaks nothing', async () => {
    const vars = tf.tidy(() => ({ w: tf.variable(tf.tensor2d([[1, -2], [3, 0.5]])), b: tf.variable(tf.tensor1d([0.1, -0.2])) }));
    const opt = new Optimizer(chain(clipByGlobalNorm(1, { errorIfNonfinite: true }), adam({ lr: 0.1 })), vars);
    const good = { w: tf.tensor2d([[0.5, -1], [2, 0.1]]), b: tf.tensor1d([3, -0.3]) };
    const bad = { w: tf.tensor2d([[0.5, NaN], [2, 0.1]]), b: tf.tensor1d([3, -0.3]) };
    const snapshot = async () => {
      const dict = opt.stateDict();
      const tensors: Record<string, number[]> = {};
      for (const [k, t] of Object.entries(dict.tensors)) tensors[k] = Array.from(await t.data());
      return { state: JSON.stringify(dict.state), tensors, steps: opt.steps, w: Array.from(await vars.w.data()), b: Array.from(await vars.b.data()) };
    };
    try {
      if (syncReadback(backend)) {
        await opt.step(good);
        const before = await snapshot();
        expect(before.steps).toBe(1);
        await expect(expectNoLeak(() => opt.step(bad))).rejects.toThrow('clipByGlobalNorm: the total norm of order 2 is NaN');
        expect(await snapshot()).toEqual(before);
        // and it carries on
        await opt.step(good);
        expect(opt.steps).toBe(2);
      } else {
        const before = await snapshot();
        await expect(expectNoLeak(() => opt.step(good))).rejects.toThrow('which the webgpu backend cannot do reliably (tfjs-backend-webgpu reads through an OffscreenCanvas, which Node lacks and which can lose the device in a browser); call clipGradNorm(');
        expect(await snapshot()).toEqual(before);
      }
    } finally {
      opt.dispose();
      tf.dispose([vars, good, bad]);
    }
  });
});

describe('clipByGlobalNorm options', () => {
  it('throws before any tensor is made', () => {
    const before = tf.memory().numTensors;
    expect(() => clipByGlobalNorm(0)).toThrow(RangeError);
    expect(() => clipByGlobalNorm(0)).toThrow('clipByGlobalNorm: maxNorm must be > 0, got 0');
    expect(() => clipByGlobalNorm(1, { normType: 0 })).toThrow(RangeError);
    expect(() => clipByGlobalNorm(1, { normType: 0 })).toThrow("clipByGlobalNorm: normType must be a number > 0, Infinity or 'inf', got 0");
    expect(() => clipByGlobalNorm(1, { normType: -Infinity })).toThrow("clipByGlobalNorm: normType must be a number > 0, Infinity or 'inf', got -Infinity");
    expect(() => clipByGlobalNorm(1, { normType: NaN })).toThrow("clipByGlobalNorm: normType must be a number > 0, Infinity or 'inf', got NaN");
    expect(() => clipByGlobalNorm(1, { normType: '2' as never })).toThrow(TypeError);
    expect(() => clipByGlobalNorm(1, { normType: '2' as never })).toThrow("clipByGlobalNorm: normType must be a number > 0, Infinity or 'inf', got \"2\"");
    expect(() => clipByGlobalNorm(1, { errorIfNonfinite: 1 as never })).toThrow(TypeError);
    expect(() => clipByGlobalNorm(1, { errorIfNonfinite: 1 as never })).toThrow('clipByGlobalNorm: errorIfNonfinite must be a boolean, got 1');
    expect(() => clipByGlobalNorm(1, { error_if_nonfinite: true } as never)).toThrow('clipByGlobalNorm: unknown option "error_if_nonfinite" (allowed: normType, errorIfNonfinite)');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeBackends('clipGradNorm matches torch.nn.utils.clip_grad_norm_', () => {
  for (const c of CASES.filter((x) => x.kind === 'norm')) {
    it(title(c), async () => {
      for (const errorIfNonfinite of [false, true]) {
        const grads = named(c, c.grads);
        const r = await expectNoLeak(() => clipGradNorm(grads, c.maxNorm!, { normType: normTypeOf(c), errorIfNonfinite }));
        await expectTensorsClose(r.grads, named(c, c.clipped), TOL);
        await expectTensorsClose(r.totalNorm, decode(c.norm!), TOL);
        // new tensors; the caller's are untouched
        for (const n of Object.keys(grads)) expect(r.grads[n]).not.toBe(grads[n]);
        await expectTensorsClose(grads, named(c, c.grads), { rtol: 0, atol: 0 });
        tf.dispose([r.grads, r.totalNorm, grads]);
      }
    });
  }

  for (const c of CASES.filter((x) => x.kind === 'nonfinite')) {
    it(`non-finite gradients, normType ${c.normType}: scaled by the ${c.norm} norm as PyTorch, or rejected with errorIfNonfinite`, async () => {
      const grads = named(c, c.grads);
      const r = await expectNoLeak(() => clipGradNorm(grads, c.maxNorm!, { normType: normTypeOf(c) }));
      await expectTensorsClose(r.grads, named(c, c.clipped), TOL);
      await expectTensorsClose(r.totalNorm, decode(c.norm!), TOL);
      tf.dispose([r.grads, r.totalNorm]);
      expect(c.torchError).toContain('is non-finite, so it cannot be clipped');
      // the rejection leaves nothing allocated (expectNoLeak checks a rejecting function too)
      const rejected = expectNoLeak(() => clipGradNorm(grads, c.maxNorm!, { normType: normTypeOf(c), errorIfNonfinite: true }));
      await expect(rejected).rejects.toThrow(
        `clipGradNorm: the total norm of order ${c.normType} is ${c.norm === 'nan' ? 'NaN' : 'Infinity'} (the gradients hold NaN or ±Infinity), so they cannot be clipped; set errorIfNonfinite: false to scale them by the non-finite norm anyway (PyTorch's error_if_nonfinite)`,
      );
      tf.dispose(grads);
    });
  }

  it('reads nothing back unless errorIfNonfinite', async () => {
    const grads = { a: tf.tensor1d([3, -4]), b: tf.tensor1d([12]) };
    const spy = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const spyAsync = vi.spyOn(tf.Tensor.prototype, 'data');
    try {
      const r = await clipGradNorm(grads, 1);
      expect(spy).not.toHaveBeenCalled();
      expect(spyAsync).not.toHaveBeenCalled();
      tf.dispose([r.grads, r.totalNorm]);
      const r2 = await clipGradNorm(grads, 1, { errorIfNonfinite: true });
      expect(spy).not.toHaveBeenCalled();
      expect(spyAsync).toHaveBeenCalledTimes(1);
      tf.dispose([r2.grads, r2.totalNorm]);
    } finally {
      spy.mockRestore();
      spyAsync.mockRestore();
      tf.dispose(grads);
    }
  });

  it('gives a zero norm and nothing else for no gradients', async () => {
    const r = await expectNoLeak(() => clipGradNorm({}, 1, { errorIfNonfinite: true }));
    expect(r.grads).toEqual({});
    expect(await r.totalNorm.data()).toEqual(new Float32Array([0]));
    r.totalNorm.dispose();
  });
});

describe('clipGradNorm arguments', () => {
  it('rejects bad arguments before any tensor is made', async () => {
    const g = { a: tf.tensor1d([1, 2]) };
    const before = tf.memory().numTensors;
    await expect(clipGradNorm(g, 0)).rejects.toThrow(RangeError);
    await expect(clipGradNorm(g, 0)).rejects.toThrow('clipGradNorm: maxNorm must be > 0, got 0');
    await expect(clipGradNorm(g, NaN)).rejects.toThrow(TypeError);
    await expect(clipGradNorm(g, NaN)).rejects.toThrow('clipGradNorm: maxNorm must be a finite number, got NaN');
    await expect(clipGradNorm(g, 1, { normType: -2 })).rejects.toThrow(RangeError);
    await expect(clipGradNorm(g, 1, { normType: -2 })).rejects.toThrow("clipGradNorm: normType must be a number > 0, Infinity or 'inf', got -2");
    await expect(clipGradNorm(g, 1, { normType: 'fro' as never })).rejects.toThrow(TypeError);
    await expect(clipGradNorm(g, 1, { errorIfNonfinite: 'yes' as never })).rejects.toThrow('clipGradNorm: errorIfNonfinite must be a boolean, got "yes"');
    await expect(clipGradNorm(g, 1, { norm_type: 2 } as never)).rejects.toThrow('clipGradNorm: unknown option "norm_type" (allowed: normType, errorIfNonfinite)');
    await expect(clipGradNorm([g.a] as never, 1)).rejects.toThrow(TypeError);
    await expect(clipGradNorm([g.a] as never, 1)).rejects.toThrow('clipGradNorm: grads must be a record of tensors ({name: tensor}), got an array');
    await expect(clipGradNorm(g.a as never, 1)).rejects.toThrow('clipGradNorm: grads must be a record of tensors ({name: tensor}), got a tensor');
    await expect(clipGradNorm({ a: [1, 2] } as never, 1)).rejects.toThrow('clipGradNorm: gradient "a" is not a tensor');
    expect(tf.memory().numTensors).toBe(before);
    g.a.dispose();
  });
});

describeBackends('clipGradValue matches torch.nn.utils.clip_grad_value_', () => {
  for (const c of CASES.filter((x) => x.kind === 'value')) {
    it(`clipValue ${c.clipValue}`, async () => {
      const grads = named(c, c.grads);
      const r = expectNoLeak(() => clipGradValue(grads, c.clipValue!));
      await expectTensorsClose(r, named(c, c.clipped), { rtol: 0, atol: 0 });
      for (const n of Object.keys(grads)) expect(r[n]).not.toBe(grads[n]);
      await expectTensorsClose(grads, named(c, c.grads), { rtol: 0, atol: 0 });
      tf.dispose([r, grads]);
    });
  }
});

describe('clipGradValue arguments', () => {
  it('throws before any tensor is made', () => {
    const g = { a: tf.tensor1d([1, 2]) };
    const before = tf.memory().numTensors;
    expect(() => clipGradValue(g, 0)).toThrow(RangeError);
    expect(() => clipGradValue(g, 0)).toThrow('clipGradValue: clipValue must be > 0, got 0');
    expect(() => clipGradValue(g, Infinity)).toThrow('clipGradValue: clipValue must be a finite number, got Infinity');
    expect(() => clipGradValue(null as never, 1)).toThrow('clipGradValue: grads must be a record of tensors ({name: tensor}), got null');
    expect(tf.memory().numTensors).toBe(before);
    g.a.dispose();
  });
});

describeBackends('globalNorm', () => {
  it('is the norm clip_grad_norm_ reports (orders 2, inf, 1, 3.5, 0.5)', async () => {
    for (const c of CASES.filter((x) => x.kind !== 'value')) {
      const grads = named(c, c.grads);
      const norm = expectNoLeak(() => globalNorm(grads, normTypeOf(c)));
      await expectTensorsClose(norm, decode(c.norm!), { ...TOL, message: title(c) });
      tf.dispose([norm, grads]);
    }
  });

  it('is 0 for no tensors', async () => {
    const n = globalNorm({});
    expect(await n.data()).toEqual(new Float32Array([0]));
    n.dispose();
  });
});

describe('globalNorm options', () => {
  it('rejects other norm types', () => {
    expect(() => globalNorm({}, 0)).toThrow("globalNorm: normType must be a number > 0, Infinity or 'inf', got 0");
    expect(() => globalNorm({}, 'max' as never)).toThrow("globalNorm: normType must be a number > 0, Infinity or 'inf', got \"max\"");
  });
});
