import { tf } from '@dl/core';
import { checkFinite, show } from './internal/checks.js';

/**
 * `(weightDecay / 2) · Σ ‖w‖²` over the given tensors (a record such as `module.parameters()`,
 * or an array): its gradient `weightDecay · w` is what PyTorch's `weight_decay` adds. Filter
 * the record first to leave out biases and batch-norm parameters.
 */
export function l2Penalty(params: Record<string, tf.Tensor> | tf.Tensor[], weightDecay: number): tf.Scalar {
  const where = 'l2Penalty';
  checkFinite(weightDecay, 'weightDecay', where);
  if (weightDecay < 0) throw new RangeError(`${where}: weightDecay must be >= 0, got ${weightDecay}`);
  if (params === null || typeof params !== 'object') throw new TypeError(`${where}: params must be a record or an array of tensors, got ${show(params)}`);
  const list = Array.isArray(params) ? params : Object.values(params);
  for (const t of list) if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: params must hold tensors, got ${show(t)}`);
  return tf.tidy(() => {
    let total: tf.Tensor = tf.scalar(0);
    for (const t of list) total = tf.add(total, tf.sum(tf.square(t)));
    return tf.mul(total, weightDecay / 2) as tf.Scalar;
  });
}
