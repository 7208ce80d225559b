import { tf } from '@dl/core';
import { checkOneOf, checkTensor, shapeError, show } from './checks.js';

export type Reduction = 'mean' | 'sum' | 'none';
export const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

export function checkReduction(value: unknown, where: string): Reduction {
  const r = value ?? 'mean';
  checkOneOf(r, REDUCTIONS, 'reduction', where);
  return r;
}

/** `[N, C]` scores. */
export function checkScores(x: unknown, where: string): asserts x is tf.Tensor2D {
  checkTensor(x, where);
  if (x.rank !== 2) shapeError(where, '[N, C] (logits)', x, `rank 2 expected, got rank ${x.rank}`);
}

/** Integer labels `[N]` from a tensor or an array (arrays are range-checked). */
export function toLabels(labels: unknown, n: number, c: number, where: string): tf.Tensor1D {
  if (Array.isArray(labels)) {
    if (labels.length !== n || labels.some((l) => !Number.isInteger(l) || l < 0 || l >= c)) {
      throw new RangeError(`${where}: labels must be ${n} integers in [0, ${c}), got ${show(labels)}`);
    }
    return tf.tensor1d(labels as number[], 'int32');
  }
  checkTensor(labels, where);
  if (labels.rank !== 1 || labels.shape[0] !== n) {
    throw new RangeError(`${where}: expected labels of shape [${n}], got [${labels.shape.join(', ')}]`);
  }
  return labels.dtype === 'int32' ? (labels as tf.Tensor1D) : (tf.cast(labels, 'int32') as tf.Tensor1D);
}

/** Class weights `[C]` from a tensor or an array. */
export function toWeight(weight: unknown, c: number, where: string): tf.Tensor1D | undefined {
  if (weight === undefined) return undefined;
  const w = Array.isArray(weight) ? tf.tensor1d(weight as number[]) : weight;
  checkTensor(w, where);
  if (w.rank !== 1 || w.shape[0] !== c) throw new RangeError(`${where}: expected weight of shape [${c}], got [${w.shape.join(', ')}]`);
  return w as tf.Tensor1D;
}

export function reduce(perSample: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'none') return perSample;
  return reduction === 'sum' ? tf.sum(perSample) : tf.mean(perSample);
}
