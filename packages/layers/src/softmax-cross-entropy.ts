import { tf } from '@dl/core';
import { checkOptions, checkRange, checkTensor } from './internal/checks.js';
import { checkReduction, checkScores, toLabels, toWeight } from './internal/loss-utils.js';
import type { Reduction } from './internal/loss-utils.js';

export type { Reduction } from './internal/loss-utils.js';

export interface SoftmaxCrossEntropyOptions {
  /** A weight per class, `[C]` (PyTorch's `weight`). */
  weight?: tf.Tensor1D | number[];
  /** Mixes the target with the uniform distribution: `(1 − ε) target + ε / C` (default 0). */
  labelSmoothing?: number;
  /** `'mean'` (default), `'sum'` or `'none'` (per sample, `[N]`). */
  reduction?: Reduction;
}

/**
 * `F.cross_entropy(logits, target)` on `[N, C]` logits. `labels` are integer classes (`[N]`
 * tensor or array) or soft labels (`[N, C]` probabilities). PyTorch's semantics throughout:
 * with integer labels and class weights, `'mean'` divides by the summed weights of the
 * labels; with soft labels it divides by N.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor | number[], options: SoftmaxCrossEntropyOptions = {}): tf.Tensor {
  const where = 'softmaxCrossEntropy';
  checkOptions(options, where);
  const reduction = checkReduction(options.reduction, where);
  const eps = options.labelSmoothing ?? 0;
  checkRange(eps, 'labelSmoothing', where, 0, 1, false);
  checkScores(logits, where);
  const [n, c] = logits.shape;
  const soft = labels instanceof tf.Tensor && labels.rank === 2;
  if (soft) {
    checkTensor(labels, where);
    if (labels.shape[0] !== n || labels.shape[1] !== c) throw new RangeError(`${where}: expected soft labels of shape [${n}, ${c}], got [${labels.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const weight = toWeight(options.weight, c, where);
    const logp = tf.sub(logits, tf.logSumExp(logits, 1, true));
    const wlogp = weight ? tf.mul(logp, weight) : logp;
    if (soft) {
      const target = eps > 0 ? tf.add(tf.mul(labels as tf.Tensor, 1 - eps), eps / c) : (labels as tf.Tensor);
      const perSample = tf.neg(tf.sum(tf.mul(target, wlogp), 1));
      return reduction === 'none' ? perSample : reduction === 'sum' ? tf.sum(perSample) : tf.div(tf.sum(perSample), n);
    }
    const y = toLabels(labels, n, c, where);
    const onehot = tf.oneHot(y, c).toFloat();
    const nll = tf.neg(tf.sum(tf.mul(onehot, wlogp), 1));
    const smooth = tf.neg(tf.sum(wlogp, 1));
    const perSample = eps > 0 ? tf.add(tf.mul(nll, 1 - eps), tf.mul(smooth, eps / c)) : nll;
    if (reduction === 'none') return perSample;
    if (reduction === 'sum') return tf.sum(perSample);
    const denom = weight ? tf.sum(tf.mul(onehot, weight)) : tf.scalar(n);
    return tf.div(tf.sum(perSample), denom);
  });
}
