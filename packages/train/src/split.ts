import { toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkObject, show } from './internal/check.js';
import { sizeOf, take, toDataset } from './dataset.js';
import type { DataLike, Dataset } from './dataset.js';

export interface SplitOptions {
  /** Fraction for training; default: what validation and test leave. */
  train?: number;
  /** Fraction held out for validation, in (0, 1). */
  validation?: number;
  /** Fraction held out for testing, in (0, 1). */
  test?: number;
  /** Keep each class's proportion in every part (integer labels only). Default false. */
  stratify?: boolean;
  seed?: SeedLike;
}

export interface SplitResult {
  train: Dataset;
  validation?: Dataset;
  test?: Dataset;
}

function fraction(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !(v > 0 && v < 1)) throw new RangeError(`split: ${name} must be a fraction in (0, 1), got ${show(v)}`);
  return v;
}

/**
 * Shuffles the examples and cuts them into train / validation / test parts (sklearn's
 * `train_test_split`, applied twice). With `stratify`, each class is cut separately so every part
 * keeps the class proportions. The parts are new tensors; the input is not disposed.
 */
export async function split(data: DataLike, options: SplitOptions): Promise<SplitResult> {
  checkObject('split', 'options', options);
  const d = toDataset(data, 'split');
  const val = fraction('validation', options.validation) ?? 0;
  const test = fraction('test', options.test) ?? 0;
  const train = fraction('train', options.train) ?? 1 - val - test;
  if (train <= 0 || train + val + test > 1 + 1e-9) throw new RangeError(`split: train + validation + test must be at most 1 with train > 0, got ${train} + ${val} + ${test}`);
  if (options.stratify && d.y.rank !== 1) throw new RangeError('split: stratify needs [N] integer labels');
  const rng = toRng(options.seed, 'split');
  const n = sizeOf(d);
  const groups: number[][] = [];
  if (options.stratify) {
    const labels = await d.y.data();
    const byClass = new Map<number, number[]>();
    labels.forEach((c, i) => {
      if (!byClass.has(c)) byClass.set(c, []);
      byClass.get(c)!.push(i);
    });
    for (const c of [...byClass.keys()].sort((a, b) => a - b)) groups.push(byClass.get(c)!);
  } else groups.push(Array.from({ length: n }, (_, i) => i));
  const parts: number[][] = [[], [], []];
  for (const g of groups) {
    const order = rng.permutation(g.length);
    const nVal = Math.round(g.length * val);
    const nTest = Math.round(g.length * test);
    const nTrain = Math.min(g.length - nVal - nTest, Math.round(g.length * train));
    order.forEach((k, j) => {
      const part = j < nTrain ? 0 : j < nTrain + nVal ? 1 : j < nTrain + nVal + nTest ? 2 : -1;
      if (part >= 0) parts[part]!.push(g[k]!);
    });
  }
  // Stratified parts are shuffled again so classes are not in blocks.
  const pick = (idx: number[]) => take(d, options.stratify ? rng.shuffle(idx) : idx);
  if (parts[0]!.length === 0) throw new RangeError(`split: the training part is empty (${n} examples)`);
  const result: SplitResult = { train: pick(parts[0]!) };
  if (val > 0) result.validation = pick(parts[1]!);
  if (test > 0) result.test = pick(parts[2]!);
  return result;
}

/** The examples in a random order (a new pair of tensors). */
export function shuffle(data: DataLike, seed?: SeedLike): Dataset {
  const d = toDataset(data, 'shuffle');
  return take(d, toRng(seed, 'shuffle').permutation(sizeOf(d)));
}

export type { Dataset };
