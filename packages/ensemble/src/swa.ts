import { tf, withScaled, scaleSchedule } from '@dl/core';
import type { NamedTensors, Schedule } from '@dl/core';
import { Module } from '@dl/layers';
import { swalr } from '@dl/schedulers';
import { evaluate } from '@dl/train';
import type { Callback, DataLike, EpochLog, TrainContext } from '@dl/train';
import { checkBoolean, checkInt, checkOneOf, checkOptions, show } from './internal/checks.js';
import { decodeCpu, encodeCpu, fromCpu, toCpu } from './internal/cpu-weights.js';
import type { EncodedTensor } from './internal/cpu-weights.js';
import { batchNorms } from './internal/modules.js';
import { withWeights } from './internal/swap.js';
import { updateBn } from './update-bn.js';
import type { BnData } from './update-bn.js';

export interface SwaOptions {
  /** The first (1-based) epoch of SWA: SWALR from it, and the first average at its end. Required. */
  start: number;
  /** SWALR's `swaLr`: the constant rate reached after the annealing (> 0). Required. */
  lr: number;
  /** SWALR's annealing length in epochs (default 10, as PyTorch). */
  annealEpochs?: number;
  /** `'cos'` (default) or `'linear'`. */
  annealStrategy?: 'cos' | 'linear';
  /** Average at the end of every this many epochs from `start` (default 1). */
  every?: number;
  /**
   * Inputs for `updateBn` (recomputing batch-norm statistics of the averaged weights before each
   * evaluation and at the end): usually the training images, or a subset. Required when the model
   * has batch norm (`fit`'s callbacks do not see its data).
   */
  bnData?: BnData;
  /** Evaluate the averaged weights on this data at each averaged epoch's end (`swaValLoss` / `swaValAccuracy` in the log). */
  validation?: DataLike;
  /** Batch size of the evaluation and of `updateBn` on one tensor (default 256). */
  batchSize?: number;
  /** Load the averaged weights (with recomputed batch-norm statistics) into the model at the end (default true). */
  loadAtEnd?: boolean;
  /** The name of its state in checkpoints (default `'swa'`). */
  name?: string;
}

export interface SwaRecord {
  epoch: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface SwaCallback extends Callback {
  /** Models averaged so far (`n_averaged`). */
  readonly nAveraged: number;
  readonly records: readonly SwaRecord[];
  /** Copies of the averaged parameters (no buffers: those come from `updateBn`); the caller disposes them. */
  averagedWeights(): NamedTensors;
  dispose(): void;
}

const KEYS = ['start', 'lr', 'annealEpochs', 'annealStrategy', 'every', 'bnData', 'validation', 'batchSize', 'loadAtEnd', 'name'] as const;

interface SwaState {
  nAveraged: number;
  lrBefore: number | null;
  records: SwaRecord[];
  weights: Record<string, EncodedTensor> | null;
}

/**
 * Stochastic weight averaging for `fit` (Izmailov et al. 2018; PyTorch's `swa_utils` recipe):
 * from epoch `start` the learning rate follows `swalr` (from the rate then current to `lr` over
 * `annealEpochs` epochs, per epoch), the parameters are averaged with equal weights at the end
 * of epochs `start`, `start + every`, …, and the batch-norm statistics of the average are
 * recomputed with `updateBn` before each evaluation and at the end. The average lives in
 * `tf.Variable`s and goes into `fit`'s checkpoints as CPU arrays (read once per averaged epoch),
 * so a resumed run continues it.
 */
export function swa(options: SwaOptions): SwaCallback {
  const fn = 'swa';
  if (options === undefined || options === null || typeof options !== 'object') throw new TypeError(`${fn}: options {start, lr} are required, got ${show(options)}`);
  const o = checkOptions(fn, options, KEYS);
  if (o.start === undefined) throw new TypeError(`${fn}: start (the first SWA epoch) is required`);
  const start = checkInt(fn, 'start', o.start, 1);
  if (typeof o.lr !== 'number' || !(o.lr > 0) || !Number.isFinite(o.lr)) throw new RangeError(`${fn}: lr (the SWA learning rate) must be a finite number > 0, got ${show(o.lr)}`);
  const swaLr = o.lr;
  const annealEpochs = checkInt(fn, 'annealEpochs', o.annealEpochs, 0, 10);
  const annealStrategy = checkOneOf(fn, 'annealStrategy', o.annealStrategy, ['cos', 'linear'] as const, 'cos');
  const every = checkInt(fn, 'every', o.every, 1, 1);
  const batchSize = checkInt(fn, 'batchSize', o.batchSize, 1, 256);
  const loadAtEnd = checkBoolean(fn, 'loadAtEnd', o.loadAtEnd, true);
  if (o.validation !== undefined && (o.validation === null || typeof o.validation !== 'object')) throw new TypeError(`${fn}: validation must be {x, y} data, got ${show(o.validation)}`);
  if (o.bnData !== undefined && (o.bnData === null || typeof o.bnData !== 'object')) throw new TypeError(`${fn}: bnData must be a tensor, {x} or batches, got ${show(o.bnData)}`);
  const name = o.name ?? 'swa';

  let model: Module | undefined;
  let avg: Record<string, tf.Variable> | undefined;
  let n = 0;
  let lrBefore: number | null = null;
  let records: SwaRecord[] = [];
  let pending: SwaState | undefined;
  let saved: SwaState = { nAveraged: 0, lrBefore: null, records: [], weights: null };
  let hasBn = false;

  const free = (): void => {
    if (avg) tf.dispose(Object.values(avg));
    avg = undefined;
  };
  const averagedWeights = (): NamedTensors => {
    if (!avg) throw new RangeError(`${fn}: no average yet (training has not reached epoch ${start})`);
    const a = avg;
    return tf.tidy(() => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, tf.clone(v)])));
  };
  /** SWALR from `lrBefore`, as a per-epoch schedule of the run: epoch `start + j` takes value `j + 1`. */
  const schedule = (lr0: number): Schedule => {
    const s = swalr({ lr: lr0, swaLr, annealEpochs, annealStrategy });
    const at = (sched: Schedule): Schedule => (t: number) => sched(Math.max(0, t - start + 2));
    return withScaled(at(s), (f) => at(scaleSchedule(s, f) as Schedule));
  };
  const withAverage = async <T>(run: () => Promise<T> | T): Promise<T> => {
    const w = averagedWeights();
    try {
      return await withWeights(model!, w, async () => {
        if (hasBn) updateBn(o.bnData!, model!, { batchSize });
        return await run();
      });
    } finally {
      tf.dispose(w);
    }
  };

  return {
    name,
    get nAveraged() {
      return n;
    },
    get records() {
      return records;
    },
    averagedWeights,
    dispose: free,
    onTrainBegin(ctx: TrainContext) {
      if (start > ctx.epochs) throw new RangeError(`${fn}: start (${start}) is past the last epoch (${ctx.epochs})`);
      if (!(ctx.model instanceof Module)) throw new TypeError(`${fn}: the model must be a Module from @dl/layers, got ${show(ctx.model)}`);
      model = ctx.model;
      hasBn = batchNorms(model).some((bn) => bn.runningMean !== undefined);
      if (hasBn && o.bnData === undefined) throw new TypeError(`${fn}: the model has batch norm: give bnData (training inputs) so updateBn can recompute the averaged model's statistics`);
      free();
      n = 0;
      lrBefore = null;
      records = [];
      if (pending) {
        const p = pending;
        pending = undefined;
        n = p.nAveraged;
        lrBefore = p.lrBefore;
        records = [...p.records];
        if (p.weights) {
          const t = fromCpu(decodeCpu(p.weights, fn));
          avg = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, tf.variable(v, false)]));
          tf.dispose(t);
        }
      }
    },
    onEpochBegin(ctx: TrainContext, epoch: number) {
      if (epoch < start) return;
      const lr0 = lrBefore ?? ctx.optimizer.getLearningRate();
      lrBefore = lr0;
      // set again on every SWA epoch (also after a resume), per epoch as PyTorch steps SWALR
      ctx.setSchedule(schedule(lr0), { per: 'epoch' });
    },
    async onEpochEnd(_ctx, log: EpochLog) {
      const e = log.epoch;
      if (e < start || (e - start) % every !== 0) return;
      const live = model!.parameters();
      if (!avg) {
        avg = tf.tidy(() => Object.fromEntries(Object.entries(live).map(([k, v]) => [k, tf.variable(v, false)])));
      } else {
        const count = n;
        for (const [k, a] of Object.entries(avg)) tf.tidy(() => a.assign(tf.add(a, tf.div(tf.sub(live[k]!, a), count + 1))));
      }
      n++;
      const rec: SwaRecord = { epoch: e };
      if (o.validation !== undefined) {
        const r = await withAverage(() => evaluate(model!, o.validation!, { batchSize }));
        rec.valLoss = r.loss;
        rec.valAccuracy = r.accuracy;
        Object.assign(log, { swaValLoss: r.loss, swaValAccuracy: r.accuracy });
      }
      records.push(rec);
      saved = { nAveraged: n, lrBefore, records: [...records], weights: encodeCpu(await toCpu(avg)) };
    },
    onTrainEnd() {
      if (!loadAtEnd || !avg || !model) return;
      const w = averagedWeights();
      try {
        model.loadStateDict(w, { strict: false });
      } finally {
        tf.dispose(w);
      }
      if (hasBn) updateBn(o.bnData!, model, { batchSize });
    },
    state() {
      return saved;
    },
    loadState(s: unknown) {
      const st = s as SwaState;
      if (st === null || typeof st !== 'object' || typeof st.nAveraged !== 'number') throw new TypeError(`${fn}: the checkpoint's '${name}' state is not an swa state`);
      pending = st;
      saved = st;
    },
  };
}
