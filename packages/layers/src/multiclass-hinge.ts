import { tf } from '@dl/core';
import { checkFinite, checkOptions } from './internal/checks.js';
import { checkReduction, checkScores, reduce, toLabels, toWeight } from './internal/loss-utils.js';
import type { Reduction } from './internal/loss-utils.js';

export interface MulticlassHingeOptions {
  /** 1 (default) or 2 (squared hinge). */
  p?: 1 | 2;
  /** Default 1. */
  margin?: number;
  /** A weight per class `[C]`, applied by the label's class. */
  weight?: tf.Tensor1D | number[];
  reduction?: Reduction;
}

/**
 * The multiclass SVM loss on `[N, C]` scores, PyTorch's `F.multi_margin_loss`:
 * `Σ_{j≠y} max(0, margin − x_y + x_j)^p / C` per sample (the notes' linear SVM on CNN codes;
 * CS231n's SVM loss is C times this).
 */
export function multiclassHinge(scores: tf.Tensor, labels: tf.Tensor | number[], options: MulticlassHingeOptions = {}): tf.Tensor {
  const where = 'multiclassHinge';
  checkOptions(options, where);
  const reduction = checkReduction(options.reduction, where);
  const p = options.p ?? 1;
  if (p !== 1 && p !== 2) throw new RangeError(`${where}: p must be 1 or 2, got ${String(p)}`);
  const margin = options.margin ?? 1;
  checkFinite(margin, 'margin', where);
  checkScores(scores, where);
  const [n, c] = scores.shape;
  return tf.tidy(() => {
    const y = toLabels(labels, n, c, where);
    const weight = toWeight(options.weight, c, where);
    const onehot = tf.oneHot(y, c).toFloat();
    const xy = tf.sum(tf.mul(onehot, scores), 1, true);
    let h = tf.relu(tf.add(tf.sub(margin, xy), scores));
    if (p === 2) h = tf.square(h);
    h = tf.mul(h, tf.sub(1, onehot));
    let perSample = tf.div(tf.sum(h, 1), c);
    if (weight) perSample = tf.mul(perSample, tf.sum(tf.mul(onehot, weight), 1));
    return reduce(perSample, reduction);
  });
}
