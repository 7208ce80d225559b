import { tf } from '@dl/core';
import { checkOptions, checkRange, checkTensor, show } from './internal/checks.js';
import { checkLabels, checkReduction, checkScores, checkWeight, toLabels, toWeight } from './internal/loss-utils.js';
import type { Reduction } from './internal/loss-utils.js';

export type { Reduction } from './internal/loss-utils.js';

export interface SoftmaxCrossEntropyOptions {
  /** A weight per class, `[C]` (PyTorch's `weight`). */
  weight?: tf.Tensor1D | number[];
  /**
   * Integer labels equal to this contribute nothing, to the loss or its gradient, and the
   * `'mean'` leaves them out of its divisor (PyTorch's `ignore_index`, default −100). Soft
   * labels take no ignore index: with them it must stay negative, as in PyTorch.
   */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: `(1 − ε) target + ε / C` (default 0). */
  labelSmoothing?: number;
  /** `'mean'` (default), `'sum'` or `'none'` (per sample, `[N]`). */
  reduction?: Reduction;
}

/**
 * `F.cross_entropy(logits, target)` on `[N, C]` logits. `labels` are integer classes (`[N]`
 * tensor or array) or soft labels (`[N, C]` probabilities). PyTorch's semantics throughout:
 * with integer labels, samples whose label is `ignoreIndex` count for nothing and `'mean'`
 * divides by the summed class weights of the other labels (their count without weights),
 * label smoothing included (NaN when every label is ignored, as PyTorch); with soft labels it
 * divides by N.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor | number[], options: SoftmaxCrossEntropyOptions = {}): tf.Tensor {
  const where = 'softmaxCrossEntropy';
  checkOptions(options, where);
  const reduction = checkReduction(options.reduction, where);
  const eps = options.labelSmoothing ?? 0;
  checkRange(eps, 'labelSmoothing', where, 0, 1, false);
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (typeof ignoreIndex !== 'number' || !Number.isSafeInteger(ignoreIndex)) {
    throw new TypeError(`${where}: ignoreIndex must be an integer, got ${show(ignoreIndex)}`);
  }
  if (Math.abs(ignoreIndex) > 2147483647) throw new RangeError(`${where}: ignoreIndex must fit in int32 (labels are int32), got ${ignoreIndex}`);
  checkScores(logits, where);
  const [n, c] = logits.shape;
  const soft = labels instanceof tf.Tensor && labels.rank === 2;
  if (soft) {
    checkTensor(labels, where);
    if (labels.shape[0] !== n || labels.shape[1] !== c) throw new RangeError(`${where}: expected soft labels of shape [${n}, ${c}], got [${labels.shape.join(', ')}]`);
    if (ignoreIndex >= 0) {
      throw new RangeError(`${where}: ignoreIndex applies to integer labels only; with soft labels it must be negative (PyTorch's rule), got ${ignoreIndex}`);
    }
  } else {
    checkLabels(labels, n, c, where, ignoreIndex);
  }
  checkWeight(options.weight, c, where);
  return tf.tidy(() => {
    const weight = toWeight(options.weight, c, where);
    const logp = tf.sub(logits, tf.logSumExp(logits, 1, true));
    const wlogp = weight ? tf.mul(logp, weight) : logp;
    if (soft) {
      const target = eps > 0 ? tf.add(tf.mul(labels as tf.Tensor, 1 - eps), eps / c) : (labels as tf.Tensor);
      const perSample = tf.neg(tf.sum(tf.mul(target, wlogp), 1));
      return reduction === 'none' ? perSample : reduction === 'sum' ? tf.sum(perSample) : tf.div(tf.sum(perSample), n);
    }
    const y = toLabels(labels, n, c, where, ignoreIndex);
    // Ignored samples: label 0 in the one-hot (any class would do) and a 0 in the output.
    const kept = tf.notEqual(y, tf.scalar(ignoreIndex, 'int32'));
    const onehot = tf.oneHot(tf.where(kept, y, tf.zerosLike(y)), c).toFloat();
    const nll = tf.neg(tf.sum(tf.mul(onehot, wlogp), 1));
    const smooth = tf.neg(tf.sum(wlogp, 1));
    const mixed = eps > 0 ? tf.add(tf.mul(nll, 1 - eps), tf.mul(smooth, eps / c)) : nll;
    // `where`, not a product with the mask: an ignored row's non-finite logits stay out.
    const perSample = tf.where(kept, mixed, tf.zerosLike(mixed));
    if (reduction === 'none') return perSample;
    if (reduction === 'sum') return tf.sum(perSample);
    const keptF = tf.cast(kept, 'float32');
    const denom = weight ? tf.sum(tf.mul(tf.sum(tf.mul(onehot, weight), 1), keptF)) : tf.sum(keptF);
    // Nothing counts (every label ignored, or zero weights): PyTorch's 0/0, a NaN loss with a
    // zero gradient. Made explicit, as WebGL's division gives 1 for 0/0, and a 0/0 in the
    // backward pass would give a NaN gradient.
    const none = tf.equal(denom, 0);
    return tf.where(none, tf.scalar(NaN), tf.div(tf.sum(perSample), tf.where(none, tf.onesLike(denom), denom)));
  });
}
