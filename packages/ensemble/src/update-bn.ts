import { tf } from '@dl/core';
import type { Module } from '@dl/layers';
import { checkInt, checkOptions, show } from './internal/checks.js';
import { batchNorms, checkModule, modules } from './internal/modules.js';

/** Inputs for `updateBn`: one tensor (batched by `batchSize`), or batches (tensors, `[x, ...]` or `{x}`). */
export type BnData = tf.Tensor | { x: tf.Tensor } | Iterable<tf.Tensor | { x: tf.Tensor } | readonly [tf.Tensor, ...unknown[]]>;

export interface UpdateBnOptions {
  /** Batch size when `data` is one tensor or `{x}` (default 128). Batches given as a list are used as they are. */
  batchSize?: number;
}

function inputOf(item: unknown, i: number): tf.Tensor {
  const x = item instanceof tf.Tensor ? item : Array.isArray(item) ? item[0] : item !== null && typeof item === 'object' ? (item as { x?: unknown }).x : undefined;
  if (!(x instanceof tf.Tensor) || x.isDisposed) throw new TypeError(`updateBn: batch ${i} must be a tensor, [inputs, ...] or {x}, got ${show(item)}`);
  return x;
}

/**
 * Recomputes every batch norm's running statistics of `model` from `data` (PyTorch:
 * `torch.optim.swa_utils.update_bn(loader, model)`), for weights that were averaged rather than
 * trained (SWA, EMA): running mean and variance are reset (0 and 1, `numBatchesTracked` 0), the
 * model runs in training mode over every batch with each batch norm's momentum set to `null` (the
 * cumulative average, equal weight per batch), and then momenta and each module's training mode
 * are restored. Does nothing without batch norms. Batches are checked before anything changes;
 * if the model throws on a batch, the running statistics are put back as they were.
 *
 * Departures: each module's own mode is restored (PyTorch sets all to the model's); batch norms
 * frozen with `forceEval` (@dl/transfer) are recomputed too, as PyTorch's `model.train()` does.
 */
export function updateBn(data: BnData, model: Module, options: UpdateBnOptions = {}): void {
  const fn = 'updateBn';
  checkModule(fn, 'model', model);
  const o = checkOptions(fn, options, ['batchSize']);
  const batchSize = checkInt(fn, 'batchSize', o.batchSize, 1, 128);
  let batches: tf.Tensor[];
  let whole: tf.Tensor | undefined;
  if (data instanceof tf.Tensor || (data !== null && typeof data === 'object' && !(Symbol.iterator in data) && 'x' in data)) {
    whole = inputOf(data, 0);
    batches = [];
  } else if (data !== null && typeof data === 'object' && Symbol.iterator in data) {
    batches = Array.from(data as Iterable<unknown>, (item, i) => inputOf(item, i));
    if (batches.length === 0) throw new RangeError('updateBn: data has no batches');
  } else {
    throw new TypeError(`updateBn: data must be a tensor, {x} or an iterable of batches, got ${show(data)}`);
  }
  if (whole && whole.shape[0] === 0) throw new RangeError('updateBn: data is empty');
  const bns = batchNorms(model).filter((bn) => bn.runningMean && bn.runningVar && bn.numBatchesTracked);
  if (bns.length === 0) return;

  const modes = modules(model).map((m) => [m, m.training] as const);
  const frozen = bns.map((bn) => ('forceEval' in bn ? (bn as { forceEval: boolean }).forceEval : false));
  const momenta = bns.map((bn) => bn.momentum);
  // The statistics as they were, put back if a batch throws.
  const saved = bns.map((bn) => [tf.clone(bn.runningMean!), tf.clone(bn.runningVar!), tf.clone(bn.numBatchesTracked!)] as const);
  // BatchNorm.momentum is readonly in its type: update_bn is the one place that must change it,
  // as PyTorch's does, and it is put back below.
  const writable = bns as unknown as { momentum: number | null; forceEval?: boolean }[];
  let ok = false;
  try {
    bns.forEach((bn, i) => {
      tf.tidy(() => {
        bn.runningMean!.assign(tf.zerosLike(bn.runningMean!));
        bn.runningVar!.assign(tf.onesLike(bn.runningVar!));
        bn.numBatchesTracked!.assign(tf.zerosLike(bn.numBatchesTracked!));
      });
      writable[i]!.momentum = null;
      if (frozen[i]) writable[i]!.forceEval = false;
    });
    model.train(true);
    if (whole) {
      const n = whole.shape[0];
      for (let start = 0; start < n; start += batchSize) {
        tf.tidy(() => {
          model.apply(tf.slice(whole!, start, Math.min(batchSize, n - start)));
        });
      }
    } else {
      for (const x of batches) tf.dispose(model.apply(x));
    }
    ok = true;
  } finally {
    bns.forEach((bn, i) => {
      writable[i]!.momentum = momenta[i]!;
      if (frozen[i]) writable[i]!.forceEval = true;
      const [m, v, c] = saved[i]!;
      if (!ok) {
        bn.runningMean!.assign(m);
        bn.runningVar!.assign(v);
        bn.numBatchesTracked!.assign(c);
      }
    });
    tf.dispose(saved.flat());
    for (const [m, mode] of modes) m.training = mode;
  }
}
