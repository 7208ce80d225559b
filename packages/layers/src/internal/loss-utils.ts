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

/**
 * Checks integer labels `[N]`, a tensor or an array, without making a tensor (arrays are
 * range-checked; `ignoreIndex`, when given, is accepted besides the classes).
 */
export function checkLabels(labels: unknown, n: number, c: number, where: string, ignoreIndex?: number): void {
  if (Array.isArray(labels)) {
    if (labels.length !== n || labels.some((l) => !Number.isInteger(l) || ((l < 0 || l >= c) && l !== ignoreIndex))) {
      const also = ignoreIndex !== undefined && (ignoreIndex < 0 || ignoreIndex >= c) ? ` or ignoreIndex ${ignoreIndex}` : '';
      throw new RangeError(`${where}: labels must be ${n} integers in [0, ${c})${also}, got ${show(labels)}`);
    }
    return;
  }
  checkTensor(labels, where);
  if (labels.rank !== 1 || labels.shape[0] !== n) {
    throw new RangeError(`${where}: expected labels of shape [${n}], got [${labels.shape.join(', ')}]`);
  }
}

/** Integer labels `[N]` from a tensor or an array, checked by {@link checkLabels}. */
export function toLabels(labels: unknown, n: number, c: number, where: string, ignoreIndex?: number): tf.Tensor1D {
  checkLabels(labels, n, c, where, ignoreIndex);
  if (Array.isArray(labels)) return tf.tensor1d(labels as number[], 'int32');
  const t = labels as tf.Tensor1D;
  return t.dtype === 'int32' ? t : (tf.cast(t, 'int32') as tf.Tensor1D);
}

/** Checks class weights `[C]`, a tensor or an array, without making a tensor. */
export function checkWeight(weight: unknown, c: number, where: string): void {
  if (weight === undefined) return;
  if (Array.isArray(weight)) {
    if (weight.length !== c) throw new RangeError(`${where}: expected weight of shape [${c}], got [${weight.length}]`);
    if (weight.some((w) => typeof w !== 'number')) throw new TypeError(`${where}: weight must be numbers, got ${show(weight)}`);
    return;
  }
  checkTensor(weight, where);
  if (weight.rank !== 1 || weight.shape[0] !== c) throw new RangeError(`${where}: expected weight of shape [${c}], got [${weight.shape.join(', ')}]`);
}

/** Class weights `[C]` from a tensor or an array, checked by {@link checkWeight}. */
export function toWeight(weight: unknown, c: number, where: string): tf.Tensor1D | undefined {
  checkWeight(weight, c, where);
  if (weight === undefined) return undefined;
  return Array.isArray(weight) ? tf.tensor1d(weight as number[]) : (weight as tf.Tensor1D);
}

export function reduce(perSample: tf.Tensor, reduction: Reduction): tf.Tensor {
  if (reduction === 'none') return perSample;
  return reduction === 'sum' ? tf.sum(perSample) : tf.mean(perSample);
}
