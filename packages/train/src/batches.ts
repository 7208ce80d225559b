import { toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkInt, checkObject } from './internal/check.js';
import { sizeOf, take, toDataset } from './dataset.js';
import type { DataLike, Dataset } from './dataset.js';

export interface BatchesOptions {
  batchSize: number;
  /** A new random order (drawn from `seed`) on every call. Default true. */
  shuffle?: boolean;
  /** Drop the last, smaller batch. Default false (PyTorch's `drop_last`). */
  dropLast?: boolean;
  seed?: SeedLike;
}

/** Number of batches one pass yields. */
export function batchCount(n: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

/** The index of each batch for one pass, in `order`. */
export function batchIndices(order: Int32Array, batchSize: number, dropLast = false): Int32Array[] {
  const out: Int32Array[] = [];
  for (let i = 0; i < batchCount(order.length, batchSize, dropLast); i++) out.push(order.subarray(i * batchSize, Math.min(order.length, (i + 1) * batchSize)));
  return out;
}

/**
 * One pass over the data in mini-batches (PyTorch's `DataLoader`): yields `{x, y}` pairs the
 * caller disposes. Shuffled by default.
 */
export function* batches(data: DataLike, options: BatchesOptions): Generator<Dataset> {
  checkObject('batches', 'options', options);
  const batchSize = checkInt('batches', 'batchSize', options.batchSize, 1);
  const d = toDataset(data, 'batches');
  const n = sizeOf(d);
  const order = options.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : toRng(options.seed, 'batches').permutation(n);
  for (const idx of batchIndices(order, batchSize, options.dropLast)) yield take(d, idx);
}
