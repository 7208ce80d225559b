import { describe, expect, it } from 'vitest';
import { inProcess, runTrialTask, search } from '../src/index.js';
import type { StudyRun, TrialExecutor, TrialFn, TrialResult, TrialTask } from '../src/index.js';

/** A concurrent executor in this process: runs up to `concurrency` trials at once, finishing in a shuffled order. */
function concurrent(concurrency: number): TrialExecutor & { maxInFlight: number } {
  const self = {
    kind: 'test-concurrent',
    concurrency,
    maxInFlight: 0,
    async open(): Promise<StudyRun> {
      let inFlight = 0;
      const rungs = new Map<string, number>();
      return {
        async run<P extends Record<string, unknown>>(task: TrialTask<P>, local: TrialFn<P> | undefined): Promise<TrialResult> {
          inFlight++;
          self.maxInFlight = Math.max(self.maxInFlight, inFlight);
          // Later trials first: results must not depend on the order trials finish in.
          await new Promise((r) => setTimeout(r, 5 * ((task.index * 7 + task.retry * 3) % 5)));
          try {
            return await runTrialTask(JSON.parse(JSON.stringify(task)) as TrialTask<P>, local!, {
              worker: `w${task.index % concurrency}`,
              rungs: { record: async (rung, key, value) => { const prior = [...rungs].filter(([k]) => k.startsWith(`${rung}/`) && k !== `${rung}/${key}`).map(([, v]) => v); rungs.set(`${rung}/${key}`, value); return prior; } },
            });
          } finally {
            inFlight--;
          }
        },
        async close() {},
      };
    },
  };
  return self;
}

// A trial whose score is a function of its parameters only; lr above 0.3 diverges.
const trial: TrialFn<{ lr: number; width: number }> = ({ lr, width }) => (lr > 0.3 ? { score: NaN, diverged: true } : { score: Math.abs(Math.log10(lr) + 1.5) + 1 / width, width });

describe('search executors', () => {
  it('gives the in-process trials and results on a concurrent executor, retries near the budget included', async () => {
    const space = { lr: { min: 0.01, max: 10, log: true }, width: [8, 16, 32] };
    for (const budget of [5, 12]) {
      const a = await search({ space, trial, budget, seed: 11, onDivergence: {} });
      const exec = concurrent(4);
      const b = await search({ space, trial, budget, seed: 11, onDivergence: {}, executor: exec });
      const strip = (t: (typeof a.trials)[number]) => ({ ...t, worker: undefined });
      expect(b.trials.map(strip)).toEqual(a.trials.map(strip));
      expect(b.best).toMatchObject({ index: a.best!.index, retry: a.best!.retry, score: a.best!.score });
      expect(a.trials).toHaveLength(budget);
      expect(a.trials.some((t) => t.retry > 0)).toBe(true);
      expect(exec.maxInFlight).toBeGreaterThan(1);
      expect(a.discarded).toEqual([]);
      // Trials started before earlier retries used the budget: run, then dropped, as the sequential run never ran them.
      if (budget === 5) expect(b.discarded.length).toBeGreaterThan(0);
    }
  });

  it('stops trials with ASHA on reported values and counts their epochs', async () => {
    // 9 epochs; trial k's curve is k/epoch: larger k is worse throughout (mode min).
    const curve: TrialFn<{ k: number }> = async ({ k }, info) => {
      let best = Infinity;
      for (let e = 1; e <= 9; e++) {
        best = Math.min(best, k / e);
        if (!(await info.report(e, k / e))) break;
      }
      return best;
    };
    const space = { k: [5, 1, 4, 2, 8, 3, 7, 6, 9] };
    const full = await search({ space, trial: curve, strategy: 'grid' });
    const cut = await search({ space, trial: curve, strategy: 'grid', asha: { maxEpochs: 9, gracePeriod: 1, reductionFactor: 3 } });
    expect(full.trials.every((t) => t.epochs === 9 && t.status === 'done')).toBe(true);
    expect(cut.best!.params.k).toBe(1);
    expect(cut.best!.score).toBe(full.best!.score);
    // Ray's rule: the first trial at a rung continues; later ones need the top third of those before.
    expect(cut.trials.map((t) => t.epochs)).toEqual([9, 9, 1, 9, 1, 1, 1, 1, 1]);
    expect(cut.trials.filter((t) => t.status === 'stopped').map((t) => t.params.k)).toEqual([4, 8, 3, 7, 6, 9]);
  });

  it('names the option for a space that cannot be sampled, a bad executor and a registered name in-process', async () => {
    await expect(search({ space: { lr: { min: 1, max: 0 } }, trial: () => 0 })).rejects.toThrow(/space.lr must be \{min <= max\}/);
    await expect(search({ space: { lr: { min: Number.NaN, max: 1 } }, trial: () => 0 })).rejects.toThrow(/space.lr must be/);
    await expect(search({ space: { units: { min: 0.2, max: 0.8, integer: true } }, trial: () => 0 })).rejects.toThrow(/space.units holds no integer/);
    await expect(search({ space: { lr: { min: 0, max: 1, log: true } }, trial: () => 0 })).rejects.toThrow(/min > 0 with log/);
    await expect(search({ space: { a: [] }, trial: () => 0 })).rejects.toThrow(/space.a is an empty list/);
    await expect(search({ space: { a: [1] }, trial: 'mlp' })).rejects.toThrow(/trial 'mlp' is a registered name/);
    await expect(search({ space: { a: [1] }, trial: () => 0, executor: {} as never })).rejects.toThrow(/executor must be a TrialExecutor/);
    await expect(search({ space: { a: [() => 1] }, trial: () => 0, executor: concurrent(2), seed: 1 })).rejects.toThrow(/space.a holds a value a queue cannot send/);
    await expect(search({ space: { a: [1] }, trial: () => 0, executor: concurrent(2) })).rejects.toThrow(/seed must be a number with a queue executor/);
    await expect(search({ space: { a: [1] }, trial: () => 0, asha: { maxEpochs: 3, gracePeriod: 3 } })).rejects.toThrow(/asha.gracePeriod must be below asha.maxEpochs/);
    await expect(search({ space: { a: [1] }, trial: () => 'x' as never })).rejects.toThrow(/must resolve to a number or \{score\}/);
  });

  it('stops starting trials after one throws, and rethrows its error', async () => {
    const started: number[] = [];
    const r = search<{ a: number }>({ space: { a: [0, 1, 2, 3, 4, 5] }, strategy: 'grid', executor: concurrent(2), seed: 1, trial: async ({ a }) => { started.push(a); await new Promise((res) => setTimeout(res, 5)); if (a === 1) throw new Error('boom'); return a; } });
    await expect(r).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(6);
    expect(inProcess().concurrency).toBe(1);
  });
});
