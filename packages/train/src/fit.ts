import { disposeTensors, Rng, tf, toRng } from '@dl/core';
import type { Checkpoint, Schedule, SeedLike } from '@dl/core';
import type { Optimizer } from '@dl/optim';
import { perEpoch } from '@dl/schedulers';
import { softmaxCrossEntropy } from '@dl/layers';
import { checkFunction, checkInt, checkObject, checkOneOf, show } from './internal/check.js';
import { forward, getWeights, hits, isModule, setWeights } from './internal/model.js';
import { checkLabels, sizeOf, take, toDataset } from './dataset.js';
import type { DataLike, Dataset } from './dataset.js';
import { batchIndices } from './batches.js';
import { split } from './split.js';
import { defaultLoss, evaluate } from './evaluate.js';
import { decodeTrainingState, encodeTrainingState } from './training-state.js';
import type { BatchLog, Callback, EpochLog, History, LossFn, Model, StopReason, TrainContext } from './types.js';

export interface FitOptions {
  /** A `@dl/layers` Module, or `(x, {training, rng}) => outputs` over the optimizer's variables. */
  model: Model;
  /** An `Optimizer` from `@dl/optim` over the model's parameters. */
  optimizer: Optimizer;
  /** `(outputs, labels) => scalar`; default softmax cross-entropy (with `classWeights`). */
  loss?: LossFn;
  /** A learning-rate schedule set on the optimizer: per step (default), or `{schedule, per: 'epoch'}`. */
  schedule?: Schedule | { schedule: Schedule; per: 'step' | 'epoch' };
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
  /** Stop when the running training loss is not finite. Default true. */
  stopOnNaN?: boolean;
  /** Drop the last smaller batch of each epoch. Default false. */
  dropLast?: boolean;
  /** Continue from a checkpoint written by `fit` (bytes, or a `Checkpoint` from `loadCheckpoint`). */
  resume?: Uint8Array | Checkpoint;
}

export interface FitResult {
  history: History;
  /** Epochs completed, resumed ones included. */
  epochs: number;
  /** Set when a callback, early stopping or a NaN loss stopped the run. */
  stopped?: { reason: StopReason; message: string; epoch: number };
  seconds: number;
}

const KEYS = new Set(['model', 'optimizer', 'loss', 'schedule', 'data', 'validation', 'epochs', 'batchSize', 'augment', 'mix', 'classWeights', 'topK', 'callbacks', 'rng', 'logEvery', 'stopOnNaN', 'dropLast', 'resume']);

function callbackName(cb: Callback, i: number): string {
  return cb.name ?? `callback${i}`;
}

/**
 * Trains `model` with `optimizer` on shuffled mini-batches for `epochs` epochs (Keras's
 * `model.fit`, PyTorch's usual loop): training mode for the steps, eval mode for validation each
 * epoch, loss / accuracy / top-k accumulated as tensors and read back every `logEvery` steps, the
 * learning rate recorded per step, callbacks at each stage. Options are checked, and labels
 * range-checked against the model's outputs, before the first step. Leaves the module in eval mode.
 */
export async function fit(options: FitOptions): Promise<FitResult> {
  const fn = 'fit';
  checkObject(fn, 'options', options);
  for (const k of Object.keys(options)) if (!KEYS.has(k)) throw new TypeError(`fit: unknown option '${k}'`);
  const { model, optimizer } = options;
  if (!isModule(model) && typeof model !== 'function') throw new TypeError(`fit: model must be a Module or a function, got ${show(model)}`);
  if (!optimizer || typeof optimizer.minimize !== 'function') throw new TypeError(`fit: optimizer must be an Optimizer from @dl/optim, got ${show(optimizer)}`);
  const epochs = checkInt(fn, 'epochs', options.epochs, 1);
  const batchSize = checkInt(fn, 'batchSize', options.batchSize, 1, 32);
  const logEvery = checkInt(fn, 'logEvery', options.logEvery, 1, 50);
  const topK = options.topK === undefined ? undefined : checkInt(fn, 'topK', options.topK, 1);
  if (options.loss !== undefined) checkFunction(fn, 'loss', options.loss);
  if (options.augment !== undefined) checkFunction(fn, 'augment', options.augment);
  if (options.mix !== undefined) checkFunction(fn, 'mix', options.mix);
  const callbacks = [...(options.callbacks ?? [])];
  callbacks.forEach((cb, i) => checkObject(fn, `callbacks[${i}]`, cb));
  if (typeof options.validation === 'number' && !(options.validation > 0 && options.validation < 1)) {
    throw new RangeError(`fit: validation must be a fraction in (0, 1) or a dataset, got ${options.validation}`);
  }
  if (options.schedule !== undefined) {
    const s = options.schedule;
    if (typeof s !== 'function') {
      checkObject(fn, 'schedule', s);
      checkFunction(fn, 'schedule.schedule', s.schedule);
      checkOneOf(fn, 'schedule.per', s.per, ['step', 'epoch'] as const);
    }
  }
  const cw = options.classWeights;
  if (cw !== undefined && (!Array.isArray(cw) || cw.some((w) => typeof w !== 'number' || !(w >= 0)))) {
    throw new RangeError(`fit: classWeights must be an array of numbers >= 0, got ${show(cw)}`);
  }
  let data = toDataset(options.data, fn, 'data');
  let validation: Dataset | undefined = typeof options.validation === 'object' ? toDataset(options.validation, fn, 'validation') : undefined;
  if (sizeOf(data) === 0) throw new RangeError('fit: data is empty');

  // Output width, for the label check: one example through the model in eval mode.
  const probeRng = toRng(0, fn);
  const width = tf.tidy(() => {
    const out = forward(model, tf.slice(data.x, 0, 1), false, probeRng);
    return out.rank === 2 ? out.shape[1]! : undefined;
  });
  if (width !== undefined) {
    if (cw !== undefined && cw.length !== width) throw new RangeError(`fit: classWeights has ${cw.length} entries but the model outputs ${width} classes`);
    await checkLabels(data, width, fn, 'data');
    if (validation) await checkLabels(validation, width, fn, 'validation');
  }

  const rng = toRng(options.rng, fn);
  const splitRng = rng.split() as Rng;
  const owned: Dataset[] = [];
  if (typeof options.validation === 'number') {
    const parts = await split(data, { validation: options.validation, stratify: data.y.rank === 1, seed: splitRng });
    data = parts.train;
    validation = parts.validation;
    owned.push(parts.train, ...(parts.validation ? [parts.validation] : []));
  }
  const n = sizeOf(data);
  const stepsPerEpoch = options.dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
  if (stepsPerEpoch === 0) throw new RangeError(`fit: batchSize ${batchSize} with dropLast leaves no batch of ${n} examples`);
  if (options.schedule !== undefined) {
    const s = options.schedule;
    optimizer.setLearningRate(typeof s === 'function' ? s : s.per === 'epoch' ? perEpoch(s.schedule, stepsPerEpoch) : s.schedule);
  }
  const trainLoss: LossFn = options.loss ?? (cw ? (out, y) => softmaxCrossEntropy(out, y, { weight: [...cw] }) as tf.Scalar : defaultLoss);
  const evalLoss: LossFn = options.loss ?? defaultLoss;

  let history: History = { epochs: [], lr: [], batches: [] };
  let startEpoch = 0;
  let stopped = undefined as FitResult['stopped'];
  let currentRng = rng;
  let epoch = 0;
  const started = performance.now();

  const lrNow = (): number => {
    try {
      const lr = optimizer.getLearningRate();
      return typeof lr === 'function' ? lr(optimizer.steps) : lr;
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

  if (options.resume !== undefined) {
    const state = decodeTrainingState(options.resume as Uint8Array | Checkpoint, 'fit: resume');
    try {
      setWeights(model, optimizer, state.weights);
      optimizer.loadStateDict(state.optimizer as never);
    } finally {
      disposeTensors(state.weights);
      disposeTensors(state.optimizer.tensors);
    }
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

  // Checkpoint-like callbacks (priority > 0) see the epoch after the others updated their state.
  const ordered = callbacks.map((cb, i) => ({ cb, i })).sort((a, b) => (a.cb.priority ?? 0) - (b.cb.priority ?? 0) || a.i - b.i).map((e) => e.cb);
  const checkNaN = options.stopOnNaN !== false;
  const nanStop = (e: number, step: number, what: string) =>
    ctx.stop(`fit: the training loss became ${what} in epoch ${e} (by step ${step}); training stopped. The weights are from the failing step; the last checkpoint saved before it is kept.`, 'nan');

  try {
    for (const cb of ordered) await cb.onTrainBegin?.(ctx);
    for (epoch = startEpoch + 1; epoch <= epochs && !stopped; epoch++) {
      const epochStart = performance.now();
      if (isModule(model)) model.train(true);
      for (const cb of ordered) await cb.onEpochBegin?.(ctx, epoch);
      const order = currentRng.permutation(n);
      const index = batchIndices(order, batchSize, options.dropLast);
      let sums = tf.tidy(() => tf.zeros([3]));
      let seen = 0;
      let running = { loss: Number.NaN, accuracy: Number.NaN };
      let lr = Number.NaN;
      for (let b = 0; b < index.length; b++) {
        const idx = index[b]!;
        const [augRng, modelRng] = currentRng.split(2) as Rng[];
        const batch = take(data, idx);
        let xb = batch.x;
        let yb = batch.y;
        if (options.augment) {
          const a = options.augment(xb as tf.Tensor4D, augRng!);
          xb.dispose();
          xb = a;
        }
        if (options.mix) {
          const m = options.mix(xb as tf.Tensor4D, yb, augRng!);
          tf.dispose([xb, yb]);
          xb = m.images;
          yb = m.labels;
        }
        lr = lrNow();
        history.lr.push(lr);
        const size = idx.length;
        let stats: tf.Tensor | undefined;
        const value = await optimizer.minimize(() => {
          const out = forward(model, xb, true, modelRng!);
          const l = trainLoss(out, yb);
          stats = tf.keep(tf.tidy(() => tf.stack([tf.mul(l, size), hits(out, yb, 1), topK ? hits(out, yb, topK) : tf.scalar(0)])));
          return l;
        });
        const next = tf.add(sums, stats!);
        tf.dispose([sums, stats!, value, xb, yb]);
        sums = next;
        seen += size;
        const last = b === index.length - 1;
        const log: BatchLog = { epoch, batch: b + 1, batches: index.length, step: optimizer.steps, lr, samples: seen, seconds: (performance.now() - epochStart) / 1000 };
        if ((b + 1) % logEvery === 0 || last) {
          const v = await sums.data();
          running = { loss: v[0]! / seen, accuracy: v[1]! / seen };
          log.loss = running.loss;
          log.accuracy = running.accuracy;
          history.batches.push({ step: optimizer.steps, epoch, loss: running.loss, accuracy: running.accuracy });
          if (checkNaN && !Number.isFinite(running.loss)) nanStop(epoch, optimizer.steps, String(running.loss));
        }
        for (const cb of ordered) await cb.onBatchEnd?.(ctx, log);
        if ((stopped as FitResult['stopped'])?.reason === 'nan') break;
      }
      const v = await sums.data();
      sums.dispose();
      if ((stopped as FitResult['stopped'])?.reason === 'nan') break;
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const log: EpochLog = { epoch, loss: v[0]! / seen, accuracy: v[1]! / seen, lr, steps: index.length, seconds: 0, samplesPerSecond: seen / trainSeconds };
      if (topK) log.topK = v[2]! / seen;
      if (validation) {
        const r = await evaluate(model, validation, { batchSize: Math.max(batchSize, 256), loss: evalLoss, ...(topK ? { topK } : {}) });
        log.valLoss = r.loss;
        log.valAccuracy = r.accuracy;
        if (topK) log.valTopK = r.topK!;
      }
      log.seconds = (performance.now() - epochStart) / 1000;
      history.epochs.push(log);
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
    for (const d of owned) tf.dispose([d.x, d.y]);
  }
  const result: FitResult = { history, epochs: history.epochs.length ? history.epochs[history.epochs.length - 1]!.epoch : startEpoch, seconds: (performance.now() - started) / 1000 };
  if (stopped) result.stopped = stopped;
  return result;
}
