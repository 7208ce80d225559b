import { disposeTensors, Rng, scaleSchedule, tf, toRng, variableGrads, withScaled } from '@dl/core';
import type { Checkpoint, NamedTensors, Schedule, SeedLike } from '@dl/core';
import { clipGradNorm, clipGradValue } from '@dl/optim';
import type { Optimizer, OptimizerStateDict } from '@dl/optim';
import { softmaxCrossEntropy } from '@dl/layers';
import { checkFitOptions } from './internal/fit-options.js';
import type { FitPlan } from './internal/fit-options.js';
import { TensorScope } from './internal/tensor-scope.js';
import { forward, getWeights, hits, isModule, setWeights } from './internal/model.js';
import { checkLabels, sizeOf, take, toDataset } from './dataset.js';
import type { DataLike, Dataset } from './dataset.js';
import { batchIndices } from './batches.js';
import { split } from './split.js';
import { defaultLoss, evaluate } from './evaluate.js';
import { decodeTrainingState, encodeTrainingState } from './training-state.js';
import type { TrainingState } from './training-state.js';
import type { BatchLog, Callback, EpochLog, History, LossFn, Model, StopReason, TrainContext } from './types.js';

export interface FitOptions {
  /** A `@dl/layers` Module, or `(x, {training, rng}) => outputs` over the optimizer's variables. */
  model: Model;
  /** An `Optimizer` from `@dl/optim` over the model's parameters. */
  optimizer: Optimizer;
  /** `(outputs, labels) => scalar`; default softmax cross-entropy (with `classWeights`). */
  loss?: LossFn;
  /**
   * A learning-rate schedule for this run: per optimizer step (default), or `{schedule, per:
   * 'epoch'}` (PyTorch's `scheduler.step()` after each epoch). It counts from this run's first step
   * (a resumed run continues it), and every param group follows it from its own base rate. A
   * schedule with a `momentum` schedule attached (`oneCycle`, `cyclic`) cycles momentum too.
   */
  schedule?: Schedule | { schedule: Schedule; per?: 'step' | 'epoch' };
  /** Training data: `{x, y}` or a `@dl/datasets` `{images, labels}`. */
  data: DataLike;
  /** Validation data, or a fraction in (0, 1) of `data` to hold out (stratified, seeded by `rng`). */
  validation?: DataLike | number;
  epochs: number;
  /** Default 32. */
  batchSize?: number;
  /** A batch transform (e.g. from `@dl/augment`): `(images, rng) => images`, applied to training batches only. */
  augment?: (images: tf.Tensor4D, rng: Rng) => tf.Tensor;
  /** A batch mixer (mixup / cutmix of `@dl/augment`): `(images, labels, rng) => {images, labels}`. */
  mix?: (images: tf.Tensor4D, labels: tf.Tensor, rng: Rng) => { images: tf.Tensor; labels: tf.Tensor };
  /** Per-class weights of the default loss (see `classWeights`). */
  classWeights?: readonly number[];
  /** Also track top-k accuracy. */
  topK?: number;
  callbacks?: readonly Callback[];
  /** Seeds the shuffling, the augmentation and dropout. */
  rng?: SeedLike;
  /** Read the running loss and accuracy back every this many steps (and at each epoch's end). Default 50. */
  logEvery?: number;
  /** Stop when a training loss is not finite (the message names the step). Default true. */
  stopOnNaN?: boolean;
  /** A new order of the examples every epoch (PyTorch DataLoader's and Keras's `shuffle`). Default true. */
  shuffle?: boolean;
  /** Drop the last smaller batch of each epoch. Default false. */
  dropLast?: boolean;
  /**
   * Clip the gradients' global norm before each step (PyTorch's `clip_grad_norm_` in the loop,
   * Keras's `global_clipnorm`): the max norm, or `{maxNorm, normType (default 2; 'inf' or
   * Infinity), errorIfNonfinite (default false)}`.
   */
  clipGradNorm?: number | { maxNorm: number; normType?: number | 'inf'; errorIfNonfinite?: boolean };
  /** Clip every gradient element to [-v, v] before each step (PyTorch's `clip_grad_value_`, Keras's `clipvalue`). */
  clipGradValue?: number;
  /**
   * Gradient accumulation: one optimizer step per this many batches, on the sum of their
   * gradients of `loss / accumulateSteps` (PyTorch's usual recipe); the last, shorter group of an
   * epoch steps too. Schedules count optimizer steps. Default 1.
   */
  accumulateSteps?: number;
  /** Continue from a checkpoint written by `fit` (bytes, or a `Checkpoint` from `loadCheckpoint`). */
  resume?: Uint8Array | Checkpoint;
}

export interface FitResult {
  history: History;
  /** Epochs completed, resumed ones included. */
  epochs: number;
  /** Set when a callback, early stopping or a NaN loss stopped the run. */
  stopped?: { reason: StopReason; message: string; epoch: number };
  /** Optimizer steps skipped for non-finite gradients in this run (`nonFinite: 'skip'`). */
  skippedSteps: number;
  seconds: number;
}

function callbackName(cb: Callback, i: number): string {
  return cb.name ?? `callback${i}`;
}

/** A schedule held at its value at `step` (a per-epoch schedule within one epoch), still scalable per group. */
function heldAt(schedule: Schedule, step: number): Schedule {
  const value = schedule(step);
  return withScaled(() => value, (f) => heldAt(scaleSchedule(schedule, f) as Schedule, step));
}

/**
 * Trains `model` with `optimizer` on mini-batches for `epochs` epochs (Keras's `model.fit`,
 * PyTorch's usual loop): training mode for the steps, eval mode for validation each epoch, loss /
 * accuracy / top-k accumulated as tensors and read back every `logEvery` steps, the learning rate
 * recorded per step, callbacks at each stage. Options, data and a `resume` checkpoint are checked
 * before anything is split, copied or loaded. Every tensor it makes belongs to the run, the epoch
 * or the batch, and is freed when that ends, on success or on a throw. Leaves the module in eval mode.
 */
export async function fit(options: FitOptions): Promise<FitResult> {
  const plan = checkFitOptions(options);
  const run = new TensorScope();
  try {
    const setup = await prepare(options, plan, run);
    return await train(options, plan, setup, run);
  } finally {
    run.dispose();
  }
}

interface Setup {
  data: Dataset;
  validation: Dataset | undefined;
  resume: TrainingState | undefined;
  rng: Rng;
}

/** Data and resume checkpoint checked in full, then the split: nothing is changed before all checks pass. */
async function prepare(options: FitOptions, plan: FitPlan, run: TensorScope): Promise<Setup> {
  const fn = 'fit';
  const { model, optimizer } = options;
  let data = toDataset(options.data, fn, 'data');
  let validation: Dataset | undefined = typeof options.validation === 'object' ? toDataset(options.validation, fn, 'validation') : undefined;
  if (sizeOf(data) === 0) throw new RangeError('fit: data is empty');
  if (plan.dropLast && sizeOf(data) < plan.batchSize && typeof options.validation !== 'number') {
    throw new RangeError(`fit: batchSize ${plan.batchSize} with dropLast leaves no batch of ${sizeOf(data)} examples`);
  }
  // Output width, for the label check: one example through the model in eval mode.
  const width = tf.tidy(() => {
    const out = forward(model, tf.slice(data.x, 0, 1), false, toRng(0, fn));
    return out.rank === 2 ? out.shape[1]! : undefined;
  });
  const cw = plan.classWeights;
  if (width !== undefined) {
    if (cw !== undefined && cw.length !== width) throw new RangeError(`fit: classWeights has ${cw.length} entries but the model outputs ${width} classes`);
    await checkLabels(data, width, fn, 'data');
    if (validation) await checkLabels(validation, width, fn, 'validation');
  }
  const rng = toRng(options.rng, fn);
  let resume: TrainingState | undefined;
  if (options.resume !== undefined) {
    resume = decodeTrainingState(options.resume as Uint8Array | Checkpoint, 'fit: resume');
    run.track([resume.weights, resume.optimizer.tensors]);
    // callbacks that add param groups during a run (gradual unfreezing) add them again now, so the
    // optimizer has the checkpoint's groups (PyTorch Lightning's BaseFinetuning.on_fit_start)
    for (const cb of plan.callbacks) await cb.onResume?.({ optimizer, model, state: resume });
    checkResume(resume, model, optimizer, plan);
  }
  const splitRng = rng.split() as Rng;
  if (typeof options.validation === 'number') {
    const parts = await split(data, { validation: options.validation, stratify: data.y.rank === 1, seed: splitRng });
    run.track([parts.train, parts.validation]);
    data = parts.train;
    validation = parts.validation;
    if (plan.dropLast && sizeOf(data) < plan.batchSize) throw new RangeError(`fit: batchSize ${plan.batchSize} with dropLast leaves no batch of ${sizeOf(data)} examples`);
  }
  return { data, validation, resume, rng };
}

/** A checkpoint fits the model and the optimizer, checked without changing either. */
function checkResume(state: TrainingState, model: Model, optimizer: Optimizer, plan: FitPlan): void {
  const where = 'fit: resume';
  const current = getWeights(model, optimizer);
  try {
    const want = Object.keys(current).sort();
    const have = Object.keys(state.weights).sort();
    const missing = want.filter((k) => !(k in state.weights));
    const extra = have.filter((k) => !(k in current));
    if (missing.length > 0 || extra.length > 0) {
      throw new RangeError(`${where}: the checkpoint's weights do not match the model (${[missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `unexpected ${extra.join(', ')}` : ''].filter(Boolean).join('; ')})`);
    }
    for (const k of want) {
      const a = current[k]!.shape;
      const b = state.weights[k]!.shape;
      if (a.length !== b.length || a.some((d, i) => d !== b[i])) throw new RangeError(`${where}: weight ${k} has shape [${b.join(', ')}] in the checkpoint, [${a.join(', ')}] in the model`);
    }
  } finally {
    disposeTensors(current);
  }
  try {
    optimizer.checkStateDict(state.optimizer as unknown as OptimizerStateDict);
  } catch (e) {
    throw new RangeError(`${where}: the optimizer state does not fit this optimizer: ${(e as Error).message}`);
  }
  const meta = state.metadata;
  if (!Number.isInteger(meta.epoch) || meta.epoch < 0) throw new RangeError(`${where}: the checkpoint's epoch is ${String(meta.epoch)}`);
  if (meta.epoch > plan.epochs) throw new RangeError(`${where}: the checkpoint has ${meta.epoch} epochs done, more than epochs ${plan.epochs}`);
  if (!meta.history || !Array.isArray(meta.history.epochs) || !Array.isArray(meta.history.lr)) throw new RangeError(`${where}: the checkpoint has no training history`);
}

/** The figures of the epoch so far, kept on the device until read back. */
interface EpochSums {
  /** [sum of loss x batch size, hits, top-k hits] over applied steps. */
  sums: tf.Tensor;
  /** [batch (0-based), loss] of the first batch whose loss was not finite; batch -1 if none. */
  firstBad: tf.Tensor;
  seen: number;
}

async function train(options: FitOptions, plan: FitPlan, setup: Setup, run: TensorScope): Promise<FitResult> {
  const { model, optimizer } = options;
  const { data, validation } = setup;
  const { epochs, batchSize, callbacks, topK } = plan;
  const n = sizeOf(data);
  const batchesPerEpoch = plan.dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  const stepsPerEpoch = Math.ceil(batchesPerEpoch / plan.accumulateSteps);
  const cw = plan.classWeights;
  const trainLoss: LossFn = options.loss ?? (cw ? (out, y) => softmaxCrossEntropy(out, y, { weight: cw }) as tf.Scalar : defaultLoss);
  const evalLoss: LossFn = options.loss ?? defaultLoss;

  let history: History = { epochs: [], lr: [], batches: [] };
  let startEpoch = 0;
  let stopped = undefined as FitResult['stopped'];
  let currentRng = setup.rng;
  let epoch = 0;
  let skippedRun = 0;
  const started = performance.now();

  // The run's schedule: step schedules from the run's first step, epoch schedules held per epoch.
  let runSchedule: FitPlan['schedule'] = plan.schedule;
  let attached = false;
  const attachStep = (): void => {
    if (!runSchedule || runSchedule.per !== 'step') return;
    const s = runSchedule.schedule as Schedule & { momentum?: Schedule };
    optimizer.setSchedule(s, { step: history.lr.length });
    if (typeof s.momentum === 'function') optimizer.setMomentumSchedule(s.momentum, { step: history.lr.length });
    attached = true;
  };
  const holdEpoch = (e: number): void => {
    if (!runSchedule || runSchedule.per !== 'epoch') return;
    const s = runSchedule.schedule as Schedule & { momentum?: Schedule };
    optimizer.setSchedule(heldAt(s, e - 1));
    if (typeof s.momentum === 'function') optimizer.setMomentumSchedule(heldAt(s.momentum, e - 1));
    attached = true;
  };

  const lrNow = (): number => {
    try {
      return optimizer.getLearningRate();
    } catch {
      return Number.NaN;
    }
  };

  const ctx: TrainContext = {
    optimizer,
    model,
    epochs,
    stepsPerEpoch,
    batchSize,
    trainSize: n,
    get epoch() {
      return epoch;
    },
    get history() {
      return history;
    },
    get rng() {
      return currentRng;
    },
    stop(message: string, reason: StopReason = 'callback') {
      if (!stopped || (reason === 'nan' && stopped.reason !== 'nan')) stopped = { reason, message, epoch };
    },
    get stopped() {
      return stopped;
    },
    setSchedule(schedule: Schedule, opts: { per?: 'step' | 'epoch' } = {}) {
      runSchedule = { schedule, per: opts.per ?? 'step' };
      if (runSchedule.per === 'step') attachStep();
      else holdEpoch(Math.max(1, epoch));
    },
    weights: () => getWeights(model, optimizer),
    setWeights: (w) => setWeights(model, optimizer, w),
    async snapshot() {
      const weights = getWeights(model, optimizer);
      try {
        const states: Record<string, unknown> = {};
        callbacks.forEach((cb, i) => {
          if (cb.state) states[callbackName(cb, i)] = cb.state();
        });
        return await encodeTrainingState(weights, optimizer.stateDict() as never, { epoch, rng: currentRng.getState(), history, callbacks: states });
      } finally {
        disposeTensors(weights);
      }
    },
  };

  if (setup.resume !== undefined) {
    const state = setup.resume;
    // checked in full by prepare: these cannot fail half-way
    setWeights(model, optimizer, state.weights);
    optimizer.loadStateDict(state.optimizer as unknown as OptimizerStateDict);
    for (const t of [...Object.values(state.weights), ...Object.values(state.optimizer.tensors)]) run.free(t);
    const meta = state.metadata;
    startEpoch = meta.epoch;
    epoch = startEpoch;
    history = meta.history;
    currentRng = Rng.fromState(meta.rng);
    callbacks.forEach((cb, i) => {
      const s = meta.callbacks?.[callbackName(cb, i)];
      if (s !== undefined && cb.loadState) cb.loadState(s);
    });
  }
  attachStep();

  // Checkpoint-like callbacks (priority > 0) see the epoch after the others updated their state.
  const ordered = callbacks.map((cb, i) => ({ cb, i })).sort((a, b) => (a.cb.priority ?? 0) - (b.cb.priority ?? 0) || a.i - b.i).map((e) => e.cb);
  // What the loss is differentiated against, and the optimizer's name of each variable: made again
  // only when the optimizer's variables change (a callback's addParamGroup), not per batch.
  // Also made again when a variable's `trainable` flag changed (a callback froze or unfroze
  // layers): one pass over booleans per batch, no tensor work.
  let seenVariables: object | undefined;
  let seenFlags: boolean[] = [];
  let trainable: tf.Variable[] = [];
  let names = new Map<string, string>();
  const flagsChanged = (): boolean => {
    const vs = Object.values(optimizer.variables);
    if (vs.length !== seenFlags.length) return true;
    for (let i = 0; i < vs.length; i++) if (vs[i]!.trainable !== seenFlags[i]) return true;
    return false;
  };
  const refreshVariables = (): void => {
    if (seenVariables === optimizer.variables && !flagsChanged()) return;
    seenVariables = optimizer.variables;
    seenFlags = Object.values(optimizer.variables).map((v) => v.trainable);
    const frozen = new Set(optimizer.paramGroups.filter((g) => g.frozen).flatMap((g) => g.params));
    trainable = Object.entries(optimizer.variables).filter(([name, v]) => v.trainable && !frozen.has(name)).map(([, v]) => v);
    names = new Map(Object.entries(optimizer.variables).map(([name, v]) => [v.name, name]));
  };

  try {
    for (const cb of ordered) await cb.onTrainBegin?.(ctx);
    for (epoch = startEpoch + 1; epoch <= epochs && !stopped; epoch++) {
      const epochStart = performance.now();
      if (isModule(model)) model.train(true);
      holdEpoch(epoch);
      for (const cb of ordered) await cb.onEpochBegin?.(ctx, epoch);
      const order = plan.shuffle ? currentRng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
      const index = batchIndices(order, batchSize, plan.dropLast);
      const scope = new TensorScope(); // the epoch's: sums, accumulated gradients
      try {
        const e: EpochSums = { sums: scope.track(tf.zeros([3])), firstBad: scope.track(tf.tensor1d([-1, 0])), seen: 0 };
        let running = { loss: Number.NaN, accuracy: Number.NaN };
        let lr = Number.NaN;
        let skipped = 0;
        let applied = 0;
        // the gradients and figures of the batches since the last step
        let acc: { grads: NamedTensors; stats: tf.Tensor; bad: tf.Tensor | undefined; size: number; count: number } | undefined;
        const stepOf: number[] = [];
        let nanAt: { batch: number } | undefined;
        const readBack = async (): Promise<void> => {
          const both = tf.tidy(() => tf.concat([e.sums, e.firstBad]));
          let v: Float32Array | Int32Array | Uint8Array;
          try {
            v = await both.data();
          } finally {
            both.dispose();
          }
          running = { loss: v[0]! / e.seen, accuracy: v[1]! / e.seen };
          if (plan.stopOnNaN && v[3]! >= 0 && !nanAt) {
            nanAt = { batch: v[3]! };
            const b = v[3]!;
            ctx.stop(
              `fit: the training loss became ${v[4]} at step ${stepOf[b] ?? '?'} (epoch ${epoch}, batch ${b + 1}); training stopped. The weights are from the failing step; the last checkpoint saved before it is kept.`,
              'nan',
            );
          }
        };
        for (let b = 0; b < index.length; b++) {
          const idx = index[b]!;
          const [augRng, modelRng] = currentRng.split(2) as Rng[];
          const last = b === index.length - 1;
          const batch = new TensorScope();
          try {
            const taken = batch.track(take(data, idx));
            let xb = taken.x;
            let yb = taken.y;
            if (options.augment) xb = batch.track(options.augment(xb as tf.Tensor4D, augRng!));
            if (options.mix) {
              const m = batch.track(options.mix(xb as tf.Tensor4D, yb, augRng!));
              xb = m.images;
              yb = m.labels;
            }
            const size = idx.length;
            let stats: tf.Tensor | undefined;
            let lossFinite: tf.Tensor | undefined;
            const k = plan.accumulateSteps;
            refreshVariables();
            const { value, grads } = variableGrads(() => {
              const out = forward(model, xb, true, modelRng!);
              const l = trainLoss(out, yb);
              stats = batch.track(tf.keep(tf.tidy(() => tf.stack([tf.mul(l, size), hits(out, yb, 1), topK ? hits(out, yb, topK) : tf.scalar(0)]))));
              if (plan.stopOnNaN) lossFinite = batch.track(tf.keep(tf.isFinite(l)));
              return k > 1 ? tf.div(l, k) : l;
            }, trainable);
            batch.track([value, grads, stats, lossFinite]);
            // PyTorch's `grad is None` for what the loss does not reach: variableGrads leaves it out
            const named: NamedTensors = {};
            for (const [vn, g] of Object.entries(grads)) named[names.get(vn) ?? vn] = g;
            if (acc === undefined) {
              acc = { grads: scope.track(batch.release(named)), stats: scope.track(batch.release(stats!)), bad: lossFinite ? scope.track(tf.tensor1d([-1, 0])) : undefined, size, count: 1 };
            } else {
              const prev = acc;
              const sum: NamedTensors = { ...prev.grads };
              for (const [name, g] of Object.entries(named)) sum[name] = scope.track(prev.grads[name] ? tf.add(prev.grads[name]!, g) : batch.release(g));
              const stats2 = scope.track(tf.add(prev.stats, stats!));
              for (const [name, g] of Object.entries(prev.grads)) if (sum[name] !== g) scope.free(g);
              scope.free(prev.stats);
              acc = { grads: sum, stats: stats2, bad: prev.bad, size: prev.size + size, count: prev.count + 1 };
            }
            if (lossFinite && acc.bad) {
              const prev = acc.bad;
              acc.bad = scope.track(
                tf.tidy(() => tf.where(tf.logicalAnd(tf.less(tf.slice(prev, 0, 1), 0), tf.logicalNot(lossFinite!)), tf.stack([tf.scalar(b), tf.div(stats!.slice(0, 1).reshape([]), size)]), prev)),
              );
              scope.free(prev);
            }
            if (acc.count === k || last) {
              const a = acc;
              acc = undefined;
              let g = a.grads;
              if (plan.clipGradValue !== undefined) g = batch.track(clipGradValue(g, plan.clipGradValue));
              if (plan.clipGradNorm !== undefined) {
                const c = plan.clipGradNorm;
                const r = await clipGradNorm(g, c.maxNorm, { normType: c.normType, errorIfNonfinite: c.errorIfNonfinite });
                batch.track([r.grads, r.totalNorm]);
                g = r.grads;
              }
              const lrStep = lrNow();
              if (await optimizer.step(g)) {
                applied++;
                lr = lrStep;
                history.lr.push(lrStep);
                stepOf[b] = optimizer.steps;
                for (let j = b - a.count + 1; j < b; j++) stepOf[j] = optimizer.steps;
                const sums = scope.track(tf.add(e.sums, a.stats));
                scope.free(e.sums);
                e.sums = sums;
                e.seen += a.size;
                if (a.bad) {
                  const firstBad = scope.track(tf.tidy(() => tf.where(tf.less(tf.slice(e.firstBad, 0, 1), 0), a.bad!, e.firstBad)));
                  scope.free(e.firstBad);
                  e.firstBad = firstBad;
                }
              } else {
                skipped++; // weights, state, figures and schedules as they were
              }
              scope.free(a.stats);
              scope.free(a.bad);
              for (const t of Object.values(a.grads)) scope.free(t);
            }
          } finally {
            batch.dispose();
          }
          const log: BatchLog = { epoch, batch: b + 1, batches: index.length, step: optimizer.steps, lr, samples: e.seen, skipped, seconds: (performance.now() - epochStart) / 1000 };
          if (acc === undefined && e.seen > 0 && (((b + 1) % plan.logEvery === 0) || last)) {
            await readBack();
            log.loss = running.loss;
            log.accuracy = running.accuracy;
            history.batches.push({ step: optimizer.steps, epoch, loss: running.loss, accuracy: running.accuracy });
          }
          for (const cb of ordered) await cb.onBatchEnd?.(ctx, log);
          if (stopped) break; // Keras's stop_training: after this batch
        }
        if ((stopped as FitResult['stopped'])?.reason === 'nan') break;
        const v = e.seen > 0 ? await e.sums.data() : new Float32Array([Number.NaN, Number.NaN, Number.NaN]);
        skippedRun += skipped;
        const trainSeconds = (performance.now() - epochStart) / 1000;
        const log: EpochLog = { epoch, loss: v[0]! / e.seen, accuracy: v[1]! / e.seen, lr, steps: applied, skippedSteps: skipped, seconds: 0, samplesPerSecond: e.seen / trainSeconds };
        if (topK) log.topK = v[2]! / e.seen;
        if (validation) {
          const r = await evaluate(model, validation, { batchSize: Math.max(batchSize, 256), loss: evalLoss, ...(topK ? { topK } : {}) });
          log.valLoss = r.loss;
          log.valAccuracy = r.accuracy;
          if (topK) log.valTopK = r.topK!;
        }
        log.seconds = (performance.now() - epochStart) / 1000;
        history.epochs.push(log);
      } finally {
        scope.dispose();
      }
      const log = history.epochs[history.epochs.length - 1]!;
      for (const cb of ordered) {
        await cb.onEpochEnd?.(ctx, log);
        if ((stopped as FitResult['stopped'])?.reason === 'nan') break;
      }
      if (stopped) break;
    }
    if (epoch > epochs) epoch = epochs;
    if (isModule(model)) model.eval();
    for (const cb of ordered) await cb.onTrainEnd?.(ctx);
  } finally {
    if (isModule(model)) model.eval();
    if (attached) {
      // the schedule was this run's: the optimizer keeps its last values, as after PyTorch's loop
      optimizer.setSchedule(null);
      optimizer.setMomentumSchedule(null);
    }
  }
  const result: FitResult = {
    history,
    epochs: history.epochs.length ? history.epochs[history.epochs.length - 1]!.epoch : startEpoch,
    skippedSteps: skippedRun,
    seconds: (performance.now() - started) / 1000,
  };
  if (stopped) result.stopped = stopped;
  return result;
}
