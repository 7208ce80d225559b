import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';

export type NormType = 2 | 'inf';

export function checkNormType(where: string, normType: unknown): asserts normType is NormType {
  if (normType !== 2 && normType !== 'inf') {
    throw new RangeError(`${where}: normType must be 2 or 'inf', got ${String(normType)}`);
  }
}

/**
 * The norm of all tensors together, as `torch.nn.utils.clip_grad_norm_` computes it: the
 * 2-norm of the per-tensor 2-norms, or the largest absolute value. A scalar tensor.
 */
export function globalNorm(tensors: NamedTensors, normType: NormType = 2): tf.Scalar {
  checkNormType('globalNorm', normType);
  const list = Object.values(tensors);
  if (list.length === 0) return tf.scalar(0);
  return tf.tidy(() => {
    if (normType === 'inf') return tf.max(tf.stack(list.map((t) => tf.max(tf.abs(t))))) as tf.Scalar;
    return tf.norm(tf.stack(list.map((t) => tf.norm(t)))) as tf.Scalar;
  });
}
