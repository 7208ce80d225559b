import { disposeTensors } from '@dl/core';
import type { SeedLike } from '@dl/core';
import type { Optimizer } from '@dl/optim';
import { checkInt, checkNumber, checkObject } from './internal/check.js';
import { getWeights, setWeights } from './internal/model.js';
import { sizeOf, take, toDataset } from './dataset.js';
import type { DataLike } from './dataset.js';
import { evaluate } from './evaluate.js';
import { fit } from './fit.js';
import type { LossFn, Model } from './types.js';

export interface OverfitOptions {
  model: Model;
  optimizer: Optimizer;
  data: DataLike;
  /** Examples to memorise (the first ones). Default 20. */
  size?: number;
  /** Full-batch epochs at most. Default 200. */
  epochs?: number;
  /** Training accuracy that counts as overfitting. Default 1. */
  target?: number;
  loss?: LossFn;
  rng?: SeedLike;
  /** Put the weights and optimizer state back afterwards. Default true. */
  restore?: boolean;
}

export interface OverfitResult {
  ok: boolean;
  accuracy: number;
  loss: number;
  epochs: number;
  message: string;
}

/**
 * The notes' second sanity check (seed 003): a model that cannot reach ~100% training accuracy on a
 * handful of examples has a bug (or far too little capacity). Trains full-batch on the first `size`
 * examples until `target` accuracy (eval mode) or `epochs`, then restores the weights.
 */
export async function overfitTinySubset(options: OverfitOptions): Promise<OverfitResult> {
  const fn = 'overfitTinySubset';
  checkObject(fn, 'options', options);
  const size = checkInt(fn, 'size', options.size, 1, 20);
  const epochs = checkInt(fn, 'epochs', options.epochs, 1, 200);
  const target = checkNumber(fn, 'target', options.target, (v) => v > 0 && v <= 1, 'in (0, 1]', 1);
  const d = toDataset(options.data, fn);
  const sub = take(d, Int32Array.from({ length: Math.min(size, sizeOf(d)) }, (_, i) => i));
  const restore = options.restore !== false;
  const weights = restore ? getWeights(options.model, options.optimizer) : undefined;
  const optState = restore ? options.optimizer.stateDict() : undefined;
  const optCopy = optState ? { ...optState, tensors: Object.fromEntries(Object.entries(optState.tensors).map(([k, t]) => [k, t.clone()])) } : undefined;
  let done = 0;
  let last = { loss: Number.NaN, accuracy: 0 };
  try {
    const check = 10;
    while (done < epochs) {
      const n = Math.min(check, epochs - done);
      await fit({ model: options.model, optimizer: options.optimizer, data: sub, epochs: n, batchSize: sizeOf(sub), logEvery: 1000, ...(options.loss ? { loss: options.loss } : {}), rng: options.rng ?? 0 });
      done += n;
      last = await evaluate(options.model, sub, options.loss ? { loss: options.loss } : {});
      if (last.accuracy >= target || !Number.isFinite(last.loss)) break;
    }
  } finally {
    if (weights) {
      setWeights(options.model, options.optimizer, weights);
      disposeTensors(weights);
    }
    if (optCopy) {
      options.optimizer.loadStateDict(optCopy);
      disposeTensors(optCopy.tensors);
    }
    sub.x.dispose();
    sub.y.dispose();
  }
  const ok = last.accuracy >= target;
  const message = ok
    ? `reached ${(last.accuracy * 100).toFixed(1)}% on ${sizeOf(sub)} examples in ${done} epochs (loss ${last.loss.toFixed(4)})`
    : `only ${(last.accuracy * 100).toFixed(1)}% on ${sizeOf(sub)} examples after ${done} epochs (loss ${last.loss.toFixed(4)}): look for a bug, a too small learning rate or too little capacity`;
  return { ok, accuracy: last.accuracy, loss: last.loss, epochs: done, message };
}
