import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { Module } from '@dl/layers';
import { evaluate } from '@dl/train';
import type { Callback, DataLike, EpochLog, TrainContext } from '@dl/train';
import { checkBoolean, checkInt, checkNumberIn, checkOneOf, checkOptions, show } from './internal/checks.js';
import { decodeCpu, encodeCpu, fromCpu, toCpu } from './internal/cpu-weights.js';
import type { EncodedTensor } from './internal/cpu-weights.js';
import { withWeights } from './internal/swap.js';

export type EmaWarmup = 'none' | 'tf' | 'timm' | 'debias';

export interface EmaOptions {
  /** The decay (in [0, 1]); default 0.999. The notes' Polyak rule `w_test = 0.95 w_test + 0.05 w` is 0.95. */
  decay?: number;
  /** Average every this many optimizer steps (default 1). */
  every?: number;
  /**
   * How the decay grows at the start, with `t` the optimizer step of the update:
   * `'none'` (default) the constant `decay`; `'tf'` TF's `ExponentialMovingAverage(num_updates)`,
   * `min(decay, (1 + t) / (10 + t))`; `'timm'` timm's `ModelEmaV3` warm-up,
   * `clamp(1 − (1 + (t − 1))^(−2/3), 0, decay)`; `'debias'` Optax's `ema(debias=True)`: the
   * average starts at zero and is read as `ema / (1 − decay^n)` after n updates.
   */
  warmup?: EmaWarmup;
  /** Copy the buffers (batch-norm statistics) instead of averaging them (default false: averaged, as timm). */
  excludeBuffers?: boolean;
  /** Evaluate the averaged weights on this data at each epoch's end (logged as `emaValLoss` / `emaValAccuracy`). */
  validation?: DataLike;
  /** Batch size of that evaluation (default 256). */
  batchSize?: number;
  /** Load the averaged weights into the model when training ends (default true, as Keras's `use_ema`). */
  loadAtEnd?: boolean;
  /** The name of its state in checkpoints (default `'ema'`). */
  name?: string;
}

export interface EmaRecord {
  epoch: number;
  valLoss?: number;
  valAccuracy?: number;
}

export interface EmaCallback extends Callback {
  /** Averaging updates done (resumed runs included). */
  readonly updates: number;
  /** The averaged weights' validation figures per epoch. */
  readonly records: readonly EmaRecord[];
  /** Copies of the averaged weights (debiased for `'debias'`; the model's buffers where not averaged); the caller disposes them. */
  averagedWeights(): NamedTensors;
  /** Frees the averaged variables. */
  dispose(): void;
}

const KEYS = ['decay', 'every', 'warmup', 'excludeBuffers', 'validation', 'batchSize', 'loadAtEnd', 'name'] as const;

interface EmaState {
  updates: number;
  lastStep: number;
  records: EmaRecord[];
  weights: Record<string, EncodedTensor> | null;
}

/** The model's variables that are averaged: parameters, and float buffers unless excluded. */
function averagedVariables(model: Module, excludeBuffers: boolean): Record<string, tf.Variable> {
  const out: Record<string, tf.Variable> = { ...model.parameters() };
  if (!excludeBuffers) for (const [k, v] of Object.entries(model.buffers())) if (v.dtype === 'float32') out[k] = v;
  return out;
}

/**
 * An exponential moving average of the weights for `fit` (Polyak averaging; timm's `ModelEma`,
 * Keras's `use_ema`, PyTorch's `AveragedModel(model, avg_fn=get_ema_avg_fn(decay))` stepped
 * every `every` optimizer steps). The first update copies the weights, as `AveragedModel` does.
 * The average lives in `tf.Variable`s beside the model; at each epoch's end it is read back once to
 * CPU arrays, which go into `fit`'s checkpoints (checkpoints run after it), so a resumed run
 * continues the same average. Only `@dl/layers` modules are supported.
 */
export function ema(options: EmaOptions = {}): EmaCallback {
  const fn = 'ema';
  const o = checkOptions(fn, options, KEYS);
  const decay = checkNumberIn(fn, 'decay', o.decay ?? 0.999, 0, 1);
  const every = checkInt(fn, 'every', o.every, 1, 1);
  const warmup = checkOneOf(fn, 'warmup', o.warmup, ['none', 'tf', 'timm', 'debias'] as const, 'none');
  if (warmup === 'debias' && decay === 1) throw new RangeError(`${fn}: decay must be < 1 with warmup 'debias' (the correction divides by 1 - decay^n)`);
  const excludeBuffers = checkBoolean(fn, 'excludeBuffers', o.excludeBuffers, false);
  const loadAtEnd = checkBoolean(fn, 'loadAtEnd', o.loadAtEnd, true);
  const batchSize = checkInt(fn, 'batchSize', o.batchSize, 1, 256);
  if (o.validation !== undefined && (o.validation === null || typeof o.validation !== 'object')) throw new TypeError(`${fn}: validation must be {x, y} data, got ${show(o.validation)}`);
  const name = o.name ?? 'ema';
  if (typeof name !== 'string' || name === '') throw new TypeError(`${fn}: name must be a non-empty string, got ${show(name)}`);

  let model: Module | undefined;
  let avg: Record<string, tf.Variable> | undefined;
  let updates = 0;
  let lastStep = -1;
  let records: EmaRecord[] = [];
  let pending: EmaState | undefined;
  let saved: EmaState = { updates: 0, lastStep: -1, records: [], weights: null };

  const free = (): void => {
    if (avg) tf.dispose(Object.values(avg));
    avg = undefined;
  };
  const decayAt = (step: number): number => {
    if (warmup === 'tf') return Math.min(decay, (1 + step) / (10 + step));
    if (warmup === 'timm') return Math.max(0, Math.min(decay, 1 - (1 + Math.max(0, step - 1)) ** (-2 / 3)));
    return decay;
  };
  const update = (step: number): void => {
    const live = averagedVariables(model!, excludeBuffers);
    if (!avg) {
      // first update: a copy (debias: the zero-started average after one update, (1 − d) w)
      avg = tf.tidy(() => Object.fromEntries(Object.entries(live).map(([k, v]) => [k, tf.variable(warmup === 'debias' ? tf.mul(v, 1 - decay) : v, false)])));
    } else {
      const d = decayAt(step);
      for (const [k, a] of Object.entries(avg)) tf.tidy(() => a.assign(tf.add(tf.mul(a, d), tf.mul(live[k]!, 1 - d))));
    }
    updates++;
    lastStep = step;
  };
  const averagedWeights = (): NamedTensors => {
    if (!avg) throw new RangeError(`${fn}: no average yet (no update has run)`);
    const a = avg;
    return tf.tidy(() => {
      const scale = warmup === 'debias' ? 1 / (1 - decay ** updates) : 1;
      const out: NamedTensors = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, scale === 1 ? tf.clone(v) : tf.mul(v, scale)]));
      // a whole state dict: buffers that are not averaged (integer counts, or all with excludeBuffers) as the model has them
      if (model) for (const [k, v] of Object.entries(model.buffers())) if (!(k in out)) out[k] = tf.clone(v);
      return out;
    });
  };

  return {
    name,
    get updates() {
      return updates;
    },
    get records() {
      return records;
    },
    averagedWeights,
    dispose: free,
    onTrainBegin(ctx: TrainContext) {
      if (!(ctx.model instanceof Module)) throw new TypeError(`${fn}: the model must be a Module from @dl/layers, got ${show(ctx.model)}`);
      model = ctx.model;
      free();
      updates = 0;
      lastStep = -1;
      records = [];
      if (pending) {
        const p = pending;
        pending = undefined;
        updates = p.updates;
        lastStep = p.lastStep;
        records = [...p.records];
        if (p.weights) {
          const w = decodeCpu(p.weights, fn);
          const t = fromCpu(w);
          avg = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, tf.variable(v, false)]));
          tf.dispose(t);
        }
      }
    },
    onBatchEnd(_ctx, log) {
      // a skipped step (non-finite gradients) does not advance `step`: nothing to average
      if (log.step !== lastStep && log.step > 0 && log.step % every === 0) update(log.step);
    },
    async onEpochEnd(_ctx, log: EpochLog) {
      const rec: EmaRecord = { epoch: log.epoch };
      if (o.validation !== undefined && avg) {
        const w = averagedWeights();
        try {
          const r = await withWeights(model!, w, () => evaluate(model!, o.validation!, { batchSize }));
          rec.valLoss = r.loss;
          rec.valAccuracy = r.accuracy;
          Object.assign(log, { emaValLoss: r.loss, emaValAccuracy: r.accuracy });
        } finally {
          tf.dispose(w);
        }
      }
      records.push(rec);
      // the state checkpoints take (they run after this callback): one readback per epoch
      saved = { updates, lastStep, records: [...records], weights: avg ? encodeCpu(await toCpu(avg)) : null };
    },
    onTrainEnd() {
      if (loadAtEnd && avg && model) {
        const w = averagedWeights();
        try {
          model.loadStateDict(w, { strict: false });
        } finally {
          tf.dispose(w);
        }
      }
    },
    state() {
      return saved;
    },
    loadState(s: unknown) {
      const st = s as EmaState;
      if (st === null || typeof st !== 'object' || typeof st.updates !== 'number') throw new TypeError(`${fn}: the checkpoint's '${name}' state is not an ema state`);
      pending = st;
      saved = st;
    },
  };
}
