import { disposeTensors, tf, toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import type { Optimizer } from '@dl/optim';
import { checkInt, checkNumber, checkObject } from './internal/check.js';
import { forward, getWeights, setWeights } from './internal/model.js';
import { sizeOf, take, toDataset } from './dataset.js';
import type { DataLike } from './dataset.js';
import { batchIndices } from './batches.js';
import { defaultLoss } from './evaluate.js';
import type { LossFn, Model } from './types.js';

export interface LrRangeTestOptions {
  model: Model;
  optimizer: Optimizer;
  data: DataLike;
  loss?: LossFn;
  /** Default 1e-7. */
  minLr?: number;
  /** Default 10. */
  maxLr?: number;
  /** Default 100. */
  steps?: number;
  /** Default 32. */
  batchSize?: number;
  /** Exponential smoothing of the loss curve. Default 0.98 (fastai's). */
  smoothing?: number;
  /** Stop once the smoothed loss exceeds this multiple of its minimum. Default 4. */
  divergeFactor?: number;
  rng?: SeedLike;
}

export interface LrRangeTestResult {
  lrs: number[];
  losses: number[];
  smoothed: number[];
  /** The rate at the smoothed loss's minimum, divided by 10 (Smith's and fastai's rule of thumb). */
  suggestedLr: number;
  minLossLr: number;
  /** The rate where the smoothed loss falls fastest. */
  steepestLr: number;
  diverged: boolean;
}

/**
 * Smith's LR range test (fastai's `lr_find`, PyTorch's `torch-lr-finder`): one step per batch with
 * the rate growing exponentially from `minLr` to `maxLr`, the loss recorded (read back every 10
 * steps), stopped once it diverges. The weights and the optimizer state are restored afterwards.
 */
export async function lrRangeTest(options: LrRangeTestOptions): Promise<LrRangeTestResult> {
  const fn = 'lrRangeTest';
  checkObject(fn, 'options', options);
  const minLr = checkNumber(fn, 'minLr', options.minLr, (v) => v > 0, '> 0', 1e-7);
  const maxLr = checkNumber(fn, 'maxLr', options.maxLr, (v) => v > minLr, `> minLr (${minLr})`, 10);
  const steps = checkInt(fn, 'steps', options.steps, 2, 100);
  const batchSize = checkInt(fn, 'batchSize', options.batchSize, 1, 32);
  const beta = checkNumber(fn, 'smoothing', options.smoothing, (v) => v >= 0 && v < 1, 'in [0, 1)', 0.98);
  const divergeFactor = checkNumber(fn, 'divergeFactor', options.divergeFactor, (v) => v > 1, '> 1', 4);
  const { model, optimizer } = options;
  const d = toDataset(options.data, fn);
  const loss = options.loss ?? defaultLoss;
  const rng = toRng(options.rng, fn);
  if (!optimizer || typeof optimizer.setSchedule !== 'function') throw new TypeError(`lrRangeTest: optimizer must be an Optimizer from @dl/optim`);
  if (sizeOf(d) === 0) throw new RangeError('lrRangeTest: data is empty');
  // What is restored afterwards: the weights, the optimizer's state and each group's rate setting.
  const rates = optimizer.paramGroups.filter((g) => !g.frozen).map((g) => [g.name, g.hyperparams.lr] as const);
  const lrAt = (i: number) => minLr * Math.pow(maxLr / minLr, i / (steps - 1));
  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  let avg = 0;
  let best = Infinity;
  let diverged = false;
  let pending: tf.Scalar[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const stacked = tf.stack(pending);
    let values: Float32Array | Int32Array | Uint8Array;
    try {
      values = await stacked.data();
    } finally {
      tf.dispose([stacked, ...pending]);
      pending = [];
    }
    for (const v of values) {
      losses.push(v);
      avg = beta * avg + (1 - beta) * v;
      const s = avg / (1 - Math.pow(beta, losses.length));
      smoothed.push(s);
      if (!Number.isFinite(s) || (losses.length > 1 && s > divergeFactor * best)) diverged = true;
      best = Math.min(best, s);
      if (diverged) break;
    }
  };
  const weights = getWeights(model, optimizer);
  let saved: ReturnType<Optimizer['stateDict']> | undefined;
  try {
    const live = optimizer.stateDict();
    saved = { ...live, tensors: Object.fromEntries(Object.entries(live.tensors).map(([k, t]) => [k, t.clone()])) };
    // every group from its own base rate, from the next step on
    optimizer.setSchedule((u: number) => lrAt(Math.min(steps - 1, u)));
    let order = batchIndices(rng.permutation(sizeOf(d)), batchSize, true);
    if (order.length === 0) order = batchIndices(rng.permutation(sizeOf(d)), sizeOf(d), false);
    let b = 0;
    for (let i = 0; i < steps && !diverged; i++) {
      if (b === order.length) {
        order = batchIndices(rng.permutation(sizeOf(d)), Math.min(batchSize, sizeOf(d)), true);
        b = 0;
      }
      const batch = take(d, order[b++]!);
      const stepRng = rng.split() as ReturnType<typeof toRng>;
      lrs.push(lrAt(i));
      try {
        pending.push(await optimizer.minimize(() => loss(forward(model, batch.x, true, stepRng), batch.y)));
      } finally {
        tf.dispose([batch.x, batch.y]);
      }
      if (pending.length === 10) await flush();
    }
    await flush();
  } finally {
    tf.dispose(pending);
    setWeights(model, optimizer, weights);
    disposeTensors(weights);
    optimizer.setSchedule(null);
    for (const [name, lr] of rates) if (lr !== undefined) optimizer.setLearningRate(lr as number, name);
    if (saved) {
      optimizer.loadStateDict(saved);
      disposeTensors(saved.tensors);
    }
  }
  lrs.length = losses.length;
  let iMin = 0;
  smoothed.forEach((s, i) => {
    if (s < smoothed[iMin]!) iMin = i;
  });
  let iSteep = 0;
  let steep = Infinity;
  for (let i = 1; i <= iMin; i++) {
    const g = (smoothed[i]! - smoothed[i - 1]!) / (Math.log(lrs[i]!) - Math.log(lrs[i - 1]!));
    if (g < steep) [steep, iSteep] = [g, i];
  }
  return { lrs, losses, smoothed, suggestedLr: lrs[iMin]! / 10, minLossLr: lrs[iMin]!, steepestLr: lrs[iSteep]!, diverged };
}
