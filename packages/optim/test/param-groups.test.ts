import { describe, expect, it } from 'vitest';
import { tf, withScaled } from '@dl/core';
import type { Schedule } from '@dl/core';
import { describeBackends, expectNoLeak, expectTensorsClose } from '@dl/core/testing';
import { Optimizer, adam, chain, clipByGlobalNorm, scaleByLearningRate, sgd } from '../src/index.js';
import type { ParamGroup } from '../src/index.js';
import fx from './fixtures/param-groups.json';

// scripts/fixtures/optim/gen_param_groups.py: PyTorch 1.13, two param groups with their own
// options, one scheduler over both, parameters whose grad is None in some steps.
type Case = { traj: Record<string, number[]>[]; lrs: number[][]; momentum?: number[] };
const cases = fx.cases as unknown as Record<string, Case>;
let uid = 0;

function setup() {
  return tf.tidy(() => {
    const v: Record<string, tf.Variable> = {};
    for (const [n, values] of Object.entries(fx.init)) v[n] = tf.variable(tf.tensor(values, (fx.shapes as Record<string, number[]>)[n]), true, `pg_${uid++}`);
    return v;
  });
}

/** The gradients of step t, leaving out the ones PyTorch's run had as None. */
function gradsAt(t: number): Record<string, tf.Tensor> {
  const skip = (fx.none as Record<string, string[]>)[String(t)] ?? [];
  return tf.tidy(() => {
    const out: Record<string, tf.Tensor> = {};
    for (const [n, values] of Object.entries(fx.grads[t]!)) if (!skip.includes(n)) out[n] = tf.tensor(values, (fx.shapes as Record<string, number[]>)[n]);
    return out;
  });
}

// PyTorch's CosineAnnealingLR (closed form) for base rate lr: eta_min stays absolute per group.
const cosine = (lr: number, tMax: number, etaMin: number): Schedule =>
  withScaled((t) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2, (f) => cosine(lr * f, tMax, etaMin));

async function follow(opt: Optimizer, v: Record<string, tf.Variable>, c: Case, beforeStep?: (t: number) => void): Promise<void> {
  for (let t = 0; t < c.traj.length; t++) {
    beforeStep?.(t);
    await expectTensorsClose(opt.groupNames.map((g) => opt.getLearningRate(g)), c.lrs[t]!, { rtol: 1e-12, atol: 0, message: `lrs at step ${t}` });
    const g = gradsAt(t);
    await opt.step(g);
    tf.dispose(Object.values(g));
    for (const [n, want] of Object.entries(c.traj[t]!)) {
      await expectTensorsClose(Array.from(await v[n]!.data()), want, { rtol: 1e-5, atol: 1e-6, message: `${n} after step ${t}` });
    }
  }
}

describeBackends('Optimizer param groups against PyTorch', () => {
  const make = (kind: 'sgd' | 'adam') => {
    const v = setup();
    const opt =
      kind === 'sgd'
        ? new Optimizer(sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 }), v, { groups: [{ name: 'c', params: ['c'], lr: 0.01, momentum: 0.5, nesterov: false }] })
        : new Optimizer(adam({ lr: 1e-2 }), v, { groups: [{ name: 'c', params: ['c'], lr: 1e-3, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1 }] });
    return { v, opt, done: () => (opt.dispose(), tf.dispose(Object.values(v))) };
  };

  it('one cosine schedule over two groups: each from its own base rate, eta_min absolute; grad None leaves a parameter alone', async () => {
    const { v, opt, done } = make('sgd');
    expect(opt.paramGroups.map((g) => g.name)).toEqual(['default', 'c']);
    expect(opt.paramGroups[1]!.lrScale).toBeCloseTo(0.1, 15);
    await expectNoLeak(async () => {
      opt.setSchedule(cosine(0.1, 4, 0.001));
      await follow(opt, v, cases.sgd_cosine!);
    });
    done();
  });

  it('a plain schedule function is scaled by each group (ExponentialLR)', async () => {
    const { v, opt, done } = make('sgd');
    opt.setSchedule((t) => 0.1 * 0.8 ** t);
    await follow(opt, v, cases.sgd_exponential!);
    done();
  });

  it('Adam with per-group betas, eps and weight decay, StepLR over both', async () => {
    const { v, opt, done } = make('adam');
    opt.setSchedule((t) => 1e-2 * 0.5 ** Math.floor(t / 2));
    await follow(opt, v, cases.adam_step!);
    done();
  });

  it('a momentum schedule sets SGD momentum in every group, not scaled', async () => {
    const v = setup();
    const opt = new Optimizer(sgd({ lr: 0.1, momentum: 0.9 }), v, { groups: [{ name: 'c', params: ['c'], lr: 0.01 }] });
    const c = cases.sgd_momentum_schedule!;
    opt.setMomentumSchedule((t) => c.momentum![t]!);
    await follow(opt, v, c);
    opt.dispose();
    tf.dispose(Object.values(v));
  });

  it("and the Adam family's beta1", async () => {
    const { v, opt, done } = make('adam');
    const c = cases.adam_beta1_schedule!;
    opt.setMomentumSchedule((t) => c.momentum![t]!);
    await follow(opt, v, c);
    expect((opt.paramGroups[1]!.hyperparams.betas as number[])[1]).toBe(0.99);
    done();
  });
});

describe('Optimizer param groups', () => {
  it('setLearningRate for all groups keeps their ratios; lrScale gives a base rate as a multiple', () => {
    const opt = sgdGroupsWith([{ name: 'body', params: ['b'], lrScale: 0.1 }, { name: 'c', params: ['c'], lr: 0.05 }]);
    expect(opt.groupNames.map((g) => opt.getLearningRate(g))).toEqual([0.1, 0.1 * 0.1, 0.05]);
    opt.setLearningRate(1);
    expect(opt.groupNames.map((g) => opt.getLearningRate(g))).toEqual([1, 0.1, 0.05 / 0.1]);
    opt.setLearningRate(0.3, 'c');
    expect(opt.getLearningRate('c')).toBe(0.3);
    const info = opt.paramGroups;
    expect(info.map((g) => [g.name, g.params])).toEqual([['default', ['a']], ['body', ['b']], ['c', ['c']]]);
    expect(info.map((g) => g.lrScale)).toEqual([1, 0.1, 0.05 / 0.1]);
    expect(info[0]!.hyperparams).toMatchObject({ lr: 1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 });
    dispose(opt);
  });

  it('setSchedule counts from now and from a given step, and a group with its own schedule keeps it', async () => {
    const opt = sgdGroupsWith([{ name: 'own', params: ['c'], lr: (t: number) => 0.5 / (t + 1) }]);
    const g = zeroGrads(opt);
    await opt.step(g);
    await opt.step(g);
    opt.setSchedule((t) => 0.1 * (10 - t));
    expect(opt.getLearningRate()).toBeCloseTo(1, 12); // step 0 of the schedule, although 2 updates were made
    expect(opt.getLearningRate('own')).toBeCloseTo(0.5 / 3, 12); // its own schedule, at its own count
    await opt.step(g);
    expect(opt.getLearningRate()).toBeCloseTo(0.9, 12);
    opt.setSchedule((t) => 0.1 * (10 - t), { step: 5 });
    expect(opt.getLearningRate()).toBeCloseTo(0.5, 12);
    opt.setSchedule(null); // detached: the current value stays
    await opt.step(g);
    expect(opt.getLearningRate()).toBeCloseTo(0.5, 12);
    tf.dispose(Object.values(g));
    dispose(opt);
  });

  it('addParamGroup adds new variables mid-run with empty state, joining an attached schedule', async () => {
    const opt = sgdGroupsWith([]);
    opt.setSchedule((t) => 0.1 / (t + 1));
    const g = zeroGrads(opt);
    await opt.step(g);
    const extra = tf.variable(tf.ones([2]), true, `pg_${uid++}`);
    await expectNoLeak(() => opt.addParamGroup({ params: { head: extra }, name: 'head', lrScale: 10, momentum: 0, nesterov: false }));
    expect(opt.groupNames).toEqual(['default', 'head']);
    expect(opt.getLearningRate('head')).toBeCloseTo(10 * (0.1 / 2), 12);
    const gh = tf.tidy(() => ({ head: tf.ones([2]) }));
    await opt.step(gh); // plain SGD step at lr 0.5: 1 - 0.5 - wd term
    await expectTensorsClose(extra, [1 - 0.5 * (1 + 1e-2), 1 - 0.5 * (1 + 1e-2)]);
    expect(() => opt.addParamGroup({ params: { again: opt.variables.a! } })).toThrow(/already in a param group/);
    expect(() => opt.addParamGroup({ params: { head: tf.variable(tf.ones([1])) } })).toThrow(/two variables are named "head"/);
    expect(() => opt.addParamGroup({ params: [], name: 'x' })).toThrow(/params is empty/);
    const dict = opt.stateDict();
    expect(dict.groups!.map((x) => x.name)).toEqual(['default', 'head']);
    tf.dispose([...Object.values(g), ...Object.values(gh), extra]);
    dispose(opt);
  });

  it('a group none of whose parameters has a gradient is not stepped (its schedule count stays)', async () => {
    const v = setup();
    const opt = new Optimizer(sgd({ lr: 0.1 }), v, { groups: [{ name: 'c', params: ['c'], lr: (t: number) => 1 / (t + 1) }] });
    const g = tf.tidy(() => ({ a: tf.ones([3]) }));
    const before = await v.c!.data();
    await opt.step(g);
    await opt.step(g);
    expect(await v.c!.data()).toEqual(before);
    expect(opt.getLearningRate('c')).toBe(1); // never stepped
    tf.dispose([...Object.values(g), ...Object.values(v)]);
    opt.dispose();
  });

  it('an optimizer inside a chain (clipping first) takes groups, schedules and momentum schedules too', async () => {
    const v = setup();
    const plain = setup();
    const chained = new Optimizer(chain(clipByGlobalNorm(1e6), sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 })), v, {
      groups: [{ name: 'c', params: ['c'], lr: 0.01, momentum: 0.5, nesterov: false }],
    });
    const reference = new Optimizer(sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 }), plain, {
      groups: [{ name: 'c', params: ['c'], lr: 0.01, momentum: 0.5, nesterov: false }],
    });
    for (const o of [chained, reference]) o.setSchedule(cosine(0.1, 4, 0.001));
    expect(chained.getLearningRate('c')).toBeCloseTo(0.01, 15);
    for (let t = 0; t < 4; t++) {
      const g = gradsAt(t);
      await chained.step(g);
      await reference.step(g);
      tf.dispose(Object.values(g));
    }
    for (const n of Object.keys(v)) await expectTensorsClose(v[n]!, plain[n]!, { rtol: 1e-6, atol: 1e-7 }); // clipping at 1e6 changes nothing
    expect(chained.paramGroups[1]!.hyperparams).toMatchObject({ momentum: 0.5, nesterov: false });
    chained.dispose();
    reference.dispose();
    tf.dispose([...Object.values(v), ...Object.values(plain)]);
  });

  it('answers mistakes in group options by name, before any tensor is made', () => {
    const v = setup();
    const n = tf.memory().numTensors;
    expect(() => new Optimizer(sgd({ lr: 0.1 }), v, { groups: [{ params: ['c'], momentun: 0.9 }] })).toThrow(/unknown option "momentun"/);
    expect(() => new Optimizer(sgd({ lr: 0.1 }), v, { groups: [{ params: ['c'], lr: 0.1, lrScale: 2 }] })).toThrow(/give lr or lrScale, not both/);
    expect(() => new Optimizer(sgd({ lr: 0.1 }), v, { groups: [{ params: ['c'], lrScale: -1 }] })).toThrow(/lrScale must be a finite number > 0, got -1/);
    expect(() => new Optimizer(chain(scaleByLearningRate(0.1)), v, { groups: [{ params: ['c'], momentum: 0.5 }] })).toThrow(/sets momentum, which needs an optimizer from @dl\/optim \(alone or as the one optimizer in a chain\)/);
    expect(tf.memory().numTensors).toBe(n);
    const opt = new Optimizer(sgd({ lr: 0.1 }), v);
    expect(() => opt.setMomentumSchedule(() => 0.9)).toThrow(/has momentum 0, so its momentum cannot be scheduled/);
    expect(() => opt.setSchedule(() => Number.NaN)).toThrow(/schedule of group "default"/);
    expect(() => opt.setSchedule((t) => t, { step: -1 })).toThrow(/step must be an integer >= 0/);
    expect(() => opt.setSchedule((t) => t, { from: 2 } as never)).toThrow(/unknown option "from"/);
    opt.dispose();
    tf.dispose(Object.values(v));
  });
});

function sgdGroupsWith(groups: ParamGroup[]) {
  return new Optimizer(sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 }), setup(), { groups });
}
function zeroGrads(opt: Optimizer): Record<string, tf.Tensor> {
  return tf.tidy(() => Object.fromEntries(Object.entries(opt.variables).map(([n, x]) => [n, tf.zerosLike(x)])));
}
function dispose(opt: Optimizer): void {
  const v = Object.values(opt.variables);
  opt.dispose();
  tf.dispose(v);
}
