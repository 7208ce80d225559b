// The elementwise gradient transformations (their PyTorch numbers are checked through the optimizers).
import { describe, expect, it } from 'vitest';
import { describeBackends, expectNoLeak } from '@dl/core/testing';
import { scale, setToZero, scaleByLearningRate, trace, scaleByRss, scaleByRms, scaleByAdadelta, scaleByAdam, scaleByAdamax, scaleByNadam, scaleByRadam, addDecayedWeights, applyUpdates } from '../src/index.js';
import { twoUpdates, close } from './support/one-step.js';
import type { GradientTransformation } from '../src/index.js';
import { tf } from '@dl/core';

describeBackends('scale', () => {
  it('multiplies by a constant', async () => {
    expect((await twoUpdates(scale(-2), [1, 2]))[0]).toEqual([-2, -4]);
  });
});

describe('scale options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scale(Infinity)).toThrow('scale: factor must be a finite number, got Infinity');
  });
});

describeBackends('setToZero', () => {
  it('makes zero updates', async () => {
    expect((await twoUpdates(setToZero(), [1, 2]))[1]).toEqual([0, 0]);
  });
});

describeBackends('scaleByLearningRate', () => {
  it('multiplies by -lr; a schedule is evaluated at the update count, from 0', async () => {
    expect(close((await twoUpdates(scaleByLearningRate(0.5), [2]))[1]!, [-1])).toBe(true);
    const [u1, u2] = await twoUpdates(scaleByLearningRate((t) => 0.1 * (t + 1)), [1]);
    expect(close(u1!, [-0.1])).toBe(true);
    expect(close(u2!, [-0.2])).toBe(true);
  });
});

describe('scaleByLearningRate options', () => {
  it('throws before any tensor is made', () => {
    expect(scaleByLearningRate(0)).toBeDefined(); // PyTorch accepts lr 0 (internal/check.ts: lr >= 0)
    expect(() => scaleByLearningRate(-1)).toThrow('scaleByLearningRate: lr must be >= 0, got -1');
    expect(() => scaleByLearningRate('1' as never)).toThrow(TypeError);
  });
});

describeBackends('trace', () => {
  it('starts the buffer at g (no dampening on the first step), then m buf + (1 - d) g; Nesterov adds m buf', async () => {
    const [a1, a2] = await twoUpdates(trace({ momentum: 0.9, dampening: 0.5 }), [1, -2]);
    expect(close(a1!, [1, -2])).toBe(true);
    expect(close(a2!, [0.9 + 0.5, -1.8 - 1])).toBe(true);
    const [n1, n2] = await twoUpdates(trace({ momentum: 0.9, nesterov: true }), [1]);
    expect(close(n1!, [1.9])).toBe(true);
    expect(close(n2!, [1 + 0.9 * 1.9])).toBe(true);
  });
});

describe('trace options', () => {
  it('throws before any tensor is made', () => {
    expect(() => trace({ momentum: -1 })).toThrow('trace: momentum must be >= 0, got -1');
    expect(() => trace({ momentum: 0, nesterov: true })).toThrow(RangeError);
    expect(() => trace({ momentum: 0.9, foo: 1 } as never)).toThrow('trace: unknown option "foo"');
  });
});

describeBackends('scaleByRss', () => {
  it('divides by the root of the running sum of squares', async () => {
    const [u1, u2] = await twoUpdates(scaleByRss({ initialAccumulatorValue: 3 }), [1, -2]);
    expect(close(u1!, [1 / 2, -2 / Math.sqrt(7)])).toBe(true);
    expect(close(u2!, [1 / Math.sqrt(5), -2 / Math.sqrt(11)])).toBe(true);
  });
});

describe('scaleByRss options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scaleByRss({ initialAccumulatorValue: -1 })).toThrow('scaleByRss: initialAccumulatorValue must be >= 0, got -1');
    expect(() => scaleByRss({ eps: 0 })).toThrow('scaleByRss: eps must be > 0, got 0');
  });
});

describeBackends('scaleByRms', () => {
  it('divides by the root of the running mean of squares (centred: of the variance)', async () => {
    const [u1] = await twoUpdates(scaleByRms({ alpha: 0.75 }), [2]);
    expect(close(u1!, [2 / (Math.sqrt(0.25 * 4) + 1e-8)])).toBe(true);
    const [c1] = await twoUpdates(scaleByRms({ alpha: 0.75, centered: true }), [2]);
    expect(close(c1!, [2 / Math.sqrt(0.25 * 4 - 0.25)])).toBe(true);
  });
});

describe('scaleByRms options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scaleByRms({ alpha: 1 })).toThrow('scaleByRms: alpha must be in [0, 1), got 1');
    expect(() => scaleByRms({ eps: -1 })).toThrow('scaleByRms: eps must be > 0, got -1');
  });
});

describeBackends('scaleByAdadelta', () => {
  it('scales by sqrt(u + eps) / sqrt(v + eps)', async () => {
    const [u1] = await twoUpdates(scaleByAdadelta({ rho: 0.5, eps: 0.01 }), [2]);
    expect(close(u1!, [(Math.sqrt(0.01) / Math.sqrt(0.5 * 4 + 0.01)) * 2])).toBe(true);
  });
});

describe('scaleByAdadelta options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scaleByAdadelta({ rho: -0.1 })).toThrow('scaleByAdadelta: rho must be in [0, 1], got -0.1');
    expect(() => scaleByAdadelta({ eps: 0 })).toThrow('scaleByAdadelta: eps must be > 0, got 0');
  });
});

describeBackends('scaleByAdam', () => {
  it('makes bias-corrected first steps of size ~1 (AMSGrad too)', async () => {
    for (const amsgrad of [false, true]) {
      const [u1, u2] = await twoUpdates(scaleByAdam({ amsgrad }), [0.5, -3]);
      expect(close(u1!, [1, -1])).toBe(true);
      expect(close(u2!, [1, -1])).toBe(true);
    }
  });
});

describe('scaleByAdam options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scaleByAdam({ betas: [0.9, 1] })).toThrow('scaleByAdam: beta2 must be in [0, 1), got 1');
    expect(() => scaleByAdam({ eps: 0 })).toThrow('scaleByAdam: eps must be > 0, got 0');
  });
});

describeBackends('scaleByAdamax', () => {
  it('divides the bias-corrected momentum by the running infinity norm', async () => {
    const [u1] = await twoUpdates(scaleByAdamax(), [0.5, -3]);
    expect(close(u1!, [1, -1])).toBe(true);
  });
});

describe('scaleByAdamax options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scaleByAdamax({ betas: [-1, 0.9] })).toThrow('scaleByAdamax: beta1 must be in [0, 1), got -1');
  });
});

describeBackends('scaleByNadam', () => {
  it('first step: (1 - mu1) / (1 - mu1) g/|g| + mu2 / (1 - mu1 mu2) (1 - b1) g/|g|', async () => {
    const mu1 = 0.9 * (1 - 0.5 * 0.96 ** 0.004);
    const mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.008);
    const expected = 1 + (mu2 / (1 - Math.fround(mu1) * mu2)) * 0.1;
    const [u1] = await twoUpdates(scaleByNadam(), [2]);
    expect(close(u1!, [expected])).toBe(true);
  });
});

describe('scaleByNadam options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scaleByNadam({ momentumDecay: -1 })).toThrow('scaleByNadam: momentumDecay must be >= 0, got -1');
  });
});

describeBackends('scaleByRadam', () => {
  it('uses the bias-corrected momentum alone while rho_t <= 5', async () => {
    const [u1, u2] = await twoUpdates(scaleByRadam(), [0.5, -3]);
    expect(close(u1!, [0.5, -3])).toBe(true);
    expect(close(u2!, [0.5, -3])).toBe(true);
  });
});

describe('scaleByRadam options', () => {
  it('throws before any tensor is made', () => {
    expect(() => scaleByRadam({ eps: -1 })).toThrow('scaleByRadam: eps must be > 0, got -1');
  });
});

describeBackends('addDecayedWeights', () => {
  it('adds weightDecay * param', async () => {
    const [u1] = await twoUpdates(addDecayedWeights(0.5), [1, 2], [4, -2]);
    expect(close(u1!, [3, 1])).toBe(true);
  });
});

describe('addDecayedWeights options', () => {
  it('throws before any tensor is made', () => {
    expect(() => addDecayedWeights(-0.1)).toThrow('addDecayedWeights: weightDecay must be >= 0, got -0.1');
  });
});

describeBackends('applyUpdates', () => {
  it('adds updates to parameters, name by name', async () => {
    const p = { w: tf.tensor1d([1, 2]) };
    const u = { w: tf.tensor1d([0.5, -1]) };
    const r = expectNoLeak(() => applyUpdates(p, u));
    expect(await r.w!.data()).toEqual(new Float32Array([1.5, 1]));
    tf.dispose([p.w, u.w, r.w!]);
  });
});

describe('applyUpdates arguments', () => {
  it('rejects mismatched names and shapes', () => {
    const p = { w: tf.tensor1d([1, 2]) };
    expect(() => applyUpdates(p, { v: p.w })).toThrow('applyUpdates: updates do not match the parameters: missing "w"; unexpected "v"');
    const u = { w: tf.tensor1d([1]) };
    expect(() => applyUpdates(p, u)).toThrow('applyUpdates: updates "w" has shape [1], the parameter has [2]');
    tf.dispose([p.w, u.w]);
  });
});

describeBackends('per-parameter step counts (PyTorch keeps state["step"] per parameter)', () => {
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof tf.Tensor);
  const cases: [string, () => ReturnType<typeof scaleByAdam> | ReturnType<typeof trace> | ReturnType<typeof scaleByNadam>][] = [
    ['scaleByAdam', () => scaleByAdam()],
    ['scaleByAdam amsgrad', () => scaleByAdam({ amsgrad: true })],
    ['scaleByAdamax', () => scaleByAdamax() as never],
    ['scaleByNadam', () => scaleByNadam({ momentumDecay: 0.1 })],
    ['scaleByRadam', () => scaleByRadam({ betas: [0.9, 0.5] }) as never],
    ['trace', () => trace({ momentum: 0.9, dampening: 0.5 })],
  ];
  for (const [name, make] of cases) {
    it(`${name}: counts per name; a parameter whose count is behind gets its own step`, async () => {
      const t = make() as unknown as GradientTransformation<Record<string, unknown>>;
      const params = { a: tf.tensor1d([1, -2]), b: tf.tensor1d([3]) };
      const g1 = { a: tf.tensor1d([0.5, -3]), b: tf.tensor1d([2]) };
      const g2 = { a: tf.tensor1d([-1, 0.25]), b: tf.tensor1d([-0.5]) };
      const s0 = t.init(params);
      expect(s0.count).toEqual({ a: 0, b: 0 });
      if (name === 'scaleByNadam') expect(s0.muProduct).toEqual({ a: 1, b: 1 });
      const r1 = t.update(g1, s0, params);
      expect(r1.state.count).toEqual({ a: 1, b: 1 });
      // "b" had no gradient in the first step: its entries of every per-name record stay as in s0
      const mixed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r1.state)) mixed[k] = isRecord(v) ? { a: v.a, b: (s0[k] as Record<string, unknown>).b } : v;
      const r2 = t.update(g2, mixed, params);
      expect(r2.state.count).toEqual({ a: 2, b: 1 });
      // b's update is a first step, a's a second step, each as if it were alone
      const bAlone = t.update({ b: g2.b }, t.init({ b: params.b }), { b: params.b });
      const aAlone1 = t.update({ a: g1.a }, t.init({ a: params.a }), { a: params.a });
      const aAlone2 = t.update({ a: g2.a }, aAlone1.state, { a: params.a });
      expect(await r2.updates.b!.data()).toEqual(await bAlone.updates.b!.data());
      expect(await r2.updates.a!.data()).toEqual(await aAlone2.updates.a!.data());
      tf.dispose([params, g1, g2, s0, r1, r2, bAlone, aAlone1, aAlone2] as unknown as tf.TensorContainer);
    });
  }
});
