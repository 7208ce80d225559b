// The ensemble demos' training runs: weight averaging along one run (raw weights vs EMA vs SWA)
// and a snapshot ensemble from cyclic cosine restarts, on the Fashion-MNIST subset shipped with
// the site, computed with @dl/ensemble's fit callbacks and evaluateEnsemble.
import { tf } from '@dl/core';
import { toTensors, type RawImageDataset } from '@dl/datasets';
import { ema, evaluateEnsemble, snapshotCosine, snapshotEnsemble, swa, type EmaWarmup, type Merge } from '@dl/ensemble';
import { dense, flatten, relu, sequential } from '@dl/layers';
import { Optimizer, sgd } from '@dl/optim';
import { fit, type Callback } from '@dl/train';
import { stateFromQuery, writeQuery } from './dl';
import { pageCallback } from './page-callback';

type Plain = Record<string, string | number | boolean>;

/**
 * A demo's controls read from the query under `prefix.` (the three ensemble demos share one page,
 * so `avg.epochs` and `snap.epochs` are different keys).
 */
export function prefixedState<T extends Plain>(prefix: string, defaults: T): T {
  const q = stateFromQuery(Object.fromEntries(Object.entries(defaults).map(([k, v]) => [`${prefix}.${k}`, v])) as Plain);
  return Object.fromEntries(Object.keys(defaults).map((k) => [k, q[`${prefix}.${k}`]])) as T;
}

export function writePrefixed(prefix: string, state: Plain): void {
  writeQuery(Object.fromEntries(Object.entries(state).map(([k, v]) => [`${prefix}.${k}`, v])));
}

/** The first `limit` images of a split as standardised tensors. */
export function subsetTensors(data: RawImageDataset, limit: number) {
  const n = Math.max(1, Math.min(Math.floor(limit), data.count));
  const raw: RawImageDataset = { ...data, count: n, images: data.images.subarray(0, n * 784), labels: data.labels.subarray(0, n) };
  const t = toTensors(raw, { normalize: true });
  return { x: t.images, y: t.labels, count: n };
}

/** A small MLP (784-128-10): fast on every backend, noisy enough at a high rate for averaging to show. */
export function mlp(seed: number) {
  return sequential(flatten(), dense(784, 128, { seed: seed + 1 }), relu, dense(128, 10, { seed: seed + 2 }));
}

// ---------------------------------------------------------------------------------------------
// EMA vs raw weights, and SWA

export interface AveragingOptions {
  trainSize: number;
  testSize: number;
  epochs: number;
  batchSize: number;
  /** SGD's constant rate (momentum 0.9) before SWA. */
  lr: number;
  decay: number;
  warmup: string;
  /** The first SWA epoch (1-based); 0 turns SWA off. */
  swaStart: number;
  swaLr: number;
  seed: number;
}

export const WEIGHTS = ['raw', 'EMA', 'SWA'] as const;

export interface AveragingPoint {
  epoch: number;
  weights: (typeof WEIGHTS)[number];
  accuracy: number;
  loss: number;
}

export interface AveragingResult {
  points: AveragingPoint[];
  /** The last epoch's test accuracy of each set of weights. */
  final: Partial<Record<(typeof WEIGHTS)[number], number>>;
  testCount: number;
  emaUpdates: number;
  swaAveraged: number;
  swaStart: number;
  /** The rate per epoch (the last step's): constant, then SWALR's anneal to swaLr. */
  lr: number[];
  epochsDone: number;
}

/**
 * One training run with three sets of weights evaluated on the test images at each epoch's end:
 * the raw weights (`fit`'s own validation), their EMA (`ema({decay})`, updated every step), and,
 * from `swaStart`, SWA's equal average of the epoch-end weights (`swa({start, lr})`, which also
 * switches the rate to SWALR from that epoch). Neither average is loaded into the model at the end.
 */
export async function averagingRun(train: RawImageDataset, test: RawImageDataset, o: AveragingOptions, onPoint: (p: AveragingPoint[]) => void, shouldStop: () => boolean): Promise<AveragingResult> {
  const epochs = Math.max(1, Math.floor(o.epochs));
  const swaStart = o.swaStart >= 1 ? Math.min(Math.floor(o.swaStart), epochs) : 0;
  const data = subsetTensors(train, o.trainSize);
  const testSet = subsetTensors(test, o.testSize);
  const validation = { x: testSet.x, y: testSet.y };
  const made: { dispose(): void }[] = [];
  const points: AveragingPoint[] = [];
  const lr: number[] = [];
  try {
    // the callbacks check their options first (a RangeError names the option); the data is freed below either way
    const average = ema({ decay: o.decay, warmup: o.warmup as EmaWarmup, validation, loadAtEnd: false });
    made.push(average);
    const swaCb = swaStart ? swa({ start: swaStart, lr: o.swaLr, annealEpochs: 1, validation, loadAtEnd: false }) : undefined;
    if (swaCb) made.push(swaCb);
    const model = mlp(o.seed);
    made.push(model);
    const optimizer = new Optimizer(sgd({ lr: o.lr, momentum: 0.9 }), model.parameters());
    made.push(optimizer);
    const epochEnd: Callback = {
      name: 'page-epochs',
      priority: 50,
      onEpochEnd(_ctx, log) {
        lr.push(log.lr);
        if (log.valAccuracy !== undefined) points.push({ epoch: log.epoch, weights: 'raw', accuracy: log.valAccuracy, loss: log.valLoss! });
        const e = average.records.at(-1);
        if (e?.epoch === log.epoch && e.valAccuracy !== undefined) points.push({ epoch: log.epoch, weights: 'EMA', accuracy: e.valAccuracy, loss: e.valLoss! });
        const s = swaCb?.records.at(-1);
        if (s?.epoch === log.epoch && s.valAccuracy !== undefined) points.push({ epoch: log.epoch, weights: 'SWA', accuracy: s.valAccuracy, loss: s.valLoss! });
        onPoint(points);
      },
    };
    const { history } = await fit({
      model,
      optimizer,
      data: { x: data.x, y: data.y },
      validation,
      epochs,
      batchSize: o.batchSize,
      rng: o.seed,
      logEvery: 1000,
      callbacks: [average, ...(swaCb ? [swaCb] : []), epochEnd, pageCallback(shouldStop)],
    });
    const final: AveragingResult['final'] = {};
    for (const w of WEIGHTS) {
      const last = points.filter((p) => p.weights === w).at(-1);
      if (last) final[w] = last.accuracy;
    }
    return { points, final, testCount: testSet.count, emaUpdates: average.updates, swaAveraged: swaCb?.nAveraged ?? 0, swaStart, lr, epochsDone: history.epochs.length };
  } finally {
    for (const m of made.reverse()) m.dispose();
    tf.dispose([data.x, data.y, testSet.x, testSet.y]);
  }
}

// ---------------------------------------------------------------------------------------------
// Snapshot ensembles

export interface SnapshotOptions {
  trainSize: number;
  testSize: number;
  epochs: number;
  batchSize: number;
  /** a0, the rate at the start of every cycle. */
  lr: number;
  cycles: number;
  merge: string;
  seed: number;
}

export interface SnapshotPoint {
  /** Snapshot k (1-based): the snapshot alone, and the ensemble of snapshots 1..k. */
  members: number;
  step: number;
  epoch: number;
  accuracy: number;
  loss: number;
  ensembleAccuracy: number;
  ensembleLoss: number;
}

export interface SnapshotResult {
  /** The rate of every step of the run (`history.lr`) and the schedule planned by snapshotCosine. */
  lr: number[];
  planned: number[];
  /** Largest |run − planned| over the run's steps. */
  lrMaxDiff: number;
  period: number;
  snapshots: SnapshotPoint[];
  ensemble?: { accuracy: number; loss: number };
  meanMember?: { accuracy: number; loss: number };
  testCount: number;
  merge: string;
  stopped: boolean;
}

/** The schedule `fit` will follow, from snapshotCosine itself: one rate per step. */
export function plannedSchedule(o: Pick<SnapshotOptions, 'lr' | 'cycles' | 'epochs' | 'batchSize' | 'trainSize'>, trainCount: number): number[] {
  const stepsPerEpoch = Math.ceil(Math.max(1, Math.min(Math.floor(o.trainSize), trainCount)) / o.batchSize);
  const total = Math.max(1, Math.floor(o.epochs)) * stepsPerEpoch;
  const cycles = Math.max(1, Math.min(Math.floor(o.cycles), total));
  const s = snapshotCosine({ lr: o.lr, totalSteps: total, cycles });
  return Array.from({ length: total }, (_, t) => s(t));
}

/**
 * One run of `snapshotEnsemble({cycles, lr})` (its cyclic cosine schedule, a CPU snapshot at the
 * end of each cycle), then `evaluateEnsemble` of the first k snapshots for every k: each snapshot
 * alone and the ensemble as it grows.
 */
export async function snapshotRun(
  train: RawImageDataset,
  test: RawImageDataset,
  o: SnapshotOptions,
  onProgress: (lr: number[], snapshots: SnapshotPoint[], taken: readonly { step: number }[]) => void,
  shouldStop: () => boolean,
): Promise<SnapshotResult> {
  const epochs = Math.max(1, Math.floor(o.epochs));
  const planned = plannedSchedule({ ...o, epochs }, train.count);
  const cycles = Math.max(1, Math.min(Math.floor(o.cycles), planned.length));
  const snaps = snapshotEnsemble({ cycles, lr: o.lr }); // checks its options before any tensor is made
  const merge = o.merge as Merge;
  const points: SnapshotPoint[] = [];
  const data = subsetTensors(train, o.trainSize);
  const testSet = subsetTensors(test, o.testSize);
  const model = mlp(o.seed);
  const optimizer = new Optimizer(sgd({ lr: o.lr, momentum: 0.9 }), model.parameters());
  try {
    let lastDrawn = -1;
    const { history, stopped } = await fit({
      model,
      optimizer,
      data: { x: data.x, y: data.y },
      epochs,
      batchSize: o.batchSize,
      rng: o.seed,
      logEvery: 1000,
      callbacks: [
        snaps,
        pageCallback(shouldStop, (lr) => {
          // redraw every few steps and at each snapshot
          const n = snaps.snapshots.length;
          if (n !== lastDrawn || lr.length % 10 === 0) {
            lastDrawn = n;
            onProgress(lr.slice(), points, snaps.snapshots);
          }
        }),
      ],
    });
    const lr = history.lr.slice();
    const taken = snaps.snapshots;
    const all = taken.map((s) => s.weights);
    for (let k = 1; k <= all.length && !shouldStop(); k++) {
      const r = await evaluateEnsemble(all.slice(0, k), { x: testSet.x, y: testSet.y }, { model, merge });
      const alone = r.members[k - 1]!;
      points.push({ members: k, step: taken[k - 1]!.step, epoch: taken[k - 1]!.epoch, accuracy: alone.accuracy, loss: alone.loss, ensembleAccuracy: r.ensemble.accuracy, ensembleLoss: r.ensemble.loss });
      onProgress(lr, points, taken);
      await tf.nextFrame();
    }
    const last = points.at(-1);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      lr,
      planned,
      lrMaxDiff: Math.max(0, ...lr.map((v, i) => Math.abs(v - planned[i]!))),
      period: Math.ceil(planned.length / cycles),
      snapshots: points,
      ...(last && points.length === taken.length
        ? { ensemble: { accuracy: last.ensembleAccuracy, loss: last.ensembleLoss }, meanMember: { accuracy: mean(points.map((p) => p.accuracy)), loss: mean(points.map((p) => p.loss)) } }
        : {}),
      testCount: testSet.count,
      merge,
      stopped: stopped !== undefined || shouldStop(),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y, testSet.x, testSet.y]);
  }
}
