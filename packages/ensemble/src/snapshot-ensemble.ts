import { tf } from '@dl/core';
import type { Callback, TrainContext } from '@dl/train';
import { checkInt, checkOptions, show } from './internal/checks.js';
import { decodeCpu, encodeCpu, toCpu } from './internal/cpu-weights.js';
import type { CpuWeights, EncodedTensor } from './internal/cpu-weights.js';
import { snapshotCosine } from './snapshot-cosine.js';

export interface SnapshotEnsembleOptions {
  /** Cycles `M` of the cyclic cosine schedule, one snapshot at the end of each. Required. */
  cycles: number;
  /** The rate at the start of every cycle, `a0`. Required. */
  lr: number;
  /** Keep only the last this many snapshots (default: all). */
  keep?: number;
  /** The name of its state in checkpoints (default `'snapshotEnsemble'`). */
  name?: string;
}

/** One snapshot: the weights (parameters and buffers) as CPU arrays, and when it was taken. */
export interface Snapshot {
  /** Optimizer steps of the run when it was taken. */
  step: number;
  epoch: number;
  weights: CpuWeights;
}

export interface SnapshotEnsembleCallback extends Callback {
  readonly snapshots: readonly Snapshot[];
  /** The weights of the last `m` snapshots (default all kept), oldest first: members for `ensemblePredict` with `model`. */
  members(m?: number): CpuWeights[];
}

interface SnapshotState {
  snapshots: { step: number; epoch: number; weights: Record<string, EncodedTensor> }[];
}

/**
 * Snapshot ensembles (Huang et al. 2017) for `fit`: sets the cyclic cosine schedule
 * `snapshotCosine({lr, totalSteps: epochs · stepsPerEpoch, cycles})` per step for the run and, at
 * the end of each cycle (every ⌈T/M⌉ steps, and the last step of a shorter last cycle), reads the
 * weights back into CPU arrays: snapshots take no GPU memory and go into checkpoints (so a
 * resumed run keeps them). Predict with the last m: `ensemblePredict(cb.members(m), x, {model})`.
 */
export function snapshotEnsemble(options: SnapshotEnsembleOptions): SnapshotEnsembleCallback {
  const fn = 'snapshotEnsemble';
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options {cycles, lr} are required, got ${show(options)}`);
  const o = checkOptions(fn, options, ['cycles', 'lr', 'keep', 'name']);
  const cycles = checkInt(fn, 'cycles', o.cycles, 1);
  if (typeof o.lr !== 'number' || !(o.lr > 0) || !Number.isFinite(o.lr)) throw new RangeError(`${fn}: lr must be a finite number > 0, got ${show(o.lr)}`);
  const lr = o.lr;
  const keep = checkInt(fn, 'keep', o.keep, 1, Number.MAX_SAFE_INTEGER);
  const name = o.name ?? fn;
  let snapshots: Snapshot[] = [];
  let period = 0;
  let pending: SnapshotState | undefined;

  const take = async (ctx: TrainContext, step: number): Promise<void> => {
    const w = ctx.weights();
    try {
      snapshots.push({ step, epoch: ctx.epoch, weights: await toCpu(w) });
    } finally {
      tf.dispose(w);
    }
    while (snapshots.length > keep) snapshots.shift();
  };
  const stepsDone = (ctx: TrainContext): number => ctx.history.lr.length;

  return {
    name,
    get snapshots() {
      return snapshots;
    },
    members(m?: number) {
      const k = m === undefined ? snapshots.length : checkInt(`${fn}.members`, 'm', m, 1);
      if (k > snapshots.length) throw new RangeError(`${fn}.members: m (${k}) is more than the ${snapshots.length} snapshots taken`);
      return snapshots.slice(snapshots.length - k).map((s) => s.weights);
    },
    onTrainBegin(ctx) {
      const total = ctx.epochs * ctx.stepsPerEpoch;
      if (cycles > total) throw new RangeError(`${fn}: cycles (${cycles}) is more than the run's ${total} steps`);
      period = Math.ceil(total / cycles);
      ctx.setSchedule(snapshotCosine({ lr, totalSteps: total, cycles }), { per: 'step' });
      snapshots = pending ? pending.snapshots.map((s) => ({ step: s.step, epoch: s.epoch, weights: decodeCpu(s.weights, fn) })) : [];
      pending = undefined;
    },
    async onBatchEnd(ctx) {
      const step = stepsDone(ctx);
      if (step > 0 && step % period === 0 && snapshots.at(-1)?.step !== step) await take(ctx, step);
    },
    async onTrainEnd(ctx) {
      // the last, shorter cycle of a completed run ends at the last step
      const step = stepsDone(ctx);
      if (ctx.stopped === undefined && step > 0 && snapshots.at(-1)?.step !== step) await take(ctx, step);
    },
    state() {
      return { snapshots: snapshots.map((s) => ({ step: s.step, epoch: s.epoch, weights: encodeCpu(s.weights) })) } satisfies SnapshotState;
    },
    loadState(s: unknown) {
      const st = s as SnapshotState;
      if (st === null || typeof st !== 'object' || !Array.isArray(st.snapshots)) throw new TypeError(`${fn}: the checkpoint's '${name}' state is not a snapshot state`);
      pending = st;
    },
  };
}
