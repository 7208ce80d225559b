// One schedule over two parameter groups with base rates 0.1 and 0.01, as @dl/optim applies it:
// the second group gets scaleSchedule(s, 0.01 / 0.1). PyTorch computes each group from its own
// initial_lr with the same eta_min (and takes oneCycle's / cyclic's rates as per-group lists).
import { scaleSchedule } from '@dl/core';
import { describe, expect, it } from 'vitest';
import { cosineAnnealing, sample, sequential, warmup } from '../src/index.js';
import type { MomentumSchedule, Schedule } from '../src/index.js';
import fx from './fixtures/param-groups.json';
import { expectSequenceClose } from './helpers.js';
import { build } from './schedule-specs.js';
import type { Spec } from './schedule-specs.js';

interface GroupsCase {
  torch: string;
  spec: Spec;
  groupLrs: number[];
  values: number[][];
  momentum?: number[][];
  beta1?: number[][];
}

describe('param groups: scaleSchedule(s, groupLr / baseLr) is PyTorch per group', () => {
  for (const c of fx.cases as GroupsCase[]) {
    it(`${c.spec.fn} ${JSON.stringify(c.spec.options ?? c.spec.inner?.options ?? {})}: ${c.torch}`, () => {
      const s = build(c.spec);
      const [base, group] = c.groupLrs as [number, number];
      const g = scaleSchedule(s, group / base) as MomentumSchedule;
      const [v0, v1] = c.values as [number[], number[]];
      expectSequenceClose(sample(s, v0.length), v0);
      expectSequenceClose(sample(g, v1.length), v1);
      for (const m of [c.momentum, c.beta1]) {
        if (m === undefined) continue;
        const momentum = (s as MomentumSchedule).momentum as Schedule;
        expectSequenceClose(sample(momentum, (m[0] as number[]).length), m[0] as number[]);
        expectSequenceClose(sample(g.momentum as Schedule, (m[1] as number[]).length), m[1] as number[]);
      }
    });
  }
  it('etaMin stays absolute: plain multiplication would differ', () => {
    const s = cosineAnnealing({ lr: 0.1, tMax: 10, etaMin: 0.01 });
    const g = scaleSchedule(s, 0.1) as Schedule;
    expect(g(10)).toBe(0.01);
    expect(s(10) * 0.1).toBeCloseTo(0.001, 15);
  });
  it('composites scale their parts, and scaling composes', () => {
    const s = sequential([warmup(cosineAnnealing({ lr: 0.1, tMax: 10, etaMin: 0.01 }), { steps: 3 }), cosineAnnealing({ lr: 0.1, tMax: 5, etaMin: 0.02 })], [13]);
    const direct = sequential([warmup(cosineAnnealing({ lr: 0.01, tMax: 10, etaMin: 0.01 }), { steps: 3 }), cosineAnnealing({ lr: 0.01, tMax: 5, etaMin: 0.02 })], [13]);
    expectSequenceClose(sample(scaleSchedule(s, 0.1) as Schedule, 30), sample(direct, 30));
    expectSequenceClose(sample(scaleSchedule(scaleSchedule(s, 0.5) as Schedule, 0.2) as Schedule, 30), sample(direct, 30));
  });
  it("warmup's explicit lr is scaled with the schedule", () => {
    const s = warmup(cosineAnnealing({ lr: 0.1, tMax: 10, etaMin: 0.01 }), { steps: 4, lr: 0.2, startFactor: 0.5 });
    expect((scaleSchedule(s, 0.1) as Schedule)(0)).toBeCloseTo(0.01, 15);
  });
});
