import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';

/** The order of a p-norm: any number > 0, `Infinity`, or `'inf'` (the largest absolute value). */
export type NormType = number | 'inf';

export function checkNormType(where: string, normType: unknown): asserts normType is NormType {
  if (normType === 'inf') return;
  const got = typeof normType === 'string' ? JSON.stringify(normType) : String(normType);
  if (typeof normType !== 'number') throw new TypeError(`${where}: normType must be a number > 0, Infinity or 'inf', got ${got}`);
  if (!(normType > 0)) throw new RangeError(`${where}: normType must be a number > 0, Infinity or 'inf', got ${got}`);
}

/** The order as a number (`'inf'` is `Infinity`). */
export const normOrder = (normType: NormType): number => (normType === 'inf' ? Infinity : normType);

/** As PyTorch prints it in its messages: `2`, `3.5`, `inf`. */
export const showOrder = (normType: NormType): string => (normOrder(normType) === Infinity ? 'inf' : String(normType));

/** `x^p` keeping NaN: WebGL's pow shader turns a NaN into Infinity. */
const powKeepingNaN = (x: tf.Tensor, p: number): tf.Tensor => tf.where(tf.isNaN(x), x, tf.pow(x, p));

/**
 * The p-norm of a tensor viewed as one vector, as `torch.norm(t, p)`. A NaN anywhere gives
 * NaN on every backend, as in PyTorch (hence `square` rather than `tf.norm`'s `pow(|x|, 2)`:
 * the same numbers, without WebGL's pow).
 */
function vectorNorm(t: tf.Tensor, p: number): tf.Scalar {
  if (p === Infinity) return tf.max(tf.abs(t));
  if (p === 2) return tf.sqrt(tf.sum(tf.square(t))) as tf.Scalar;
  if (p === 1) return tf.sum(tf.abs(t));
  return powKeepingNaN(tf.sum(powKeepingNaN(tf.abs(t), p)), 1 / p) as tf.Scalar;
}

/**
 * The norm of all tensors together, as `torch.nn.utils.clip_grad_norm_` computes it: the
 * p-norm of the vector of per-tensor p-norms (for `'inf'` / `Infinity`, the largest absolute
 * value). A scalar tensor; 0 for no tensors.
 */
export function globalNorm(tensors: NamedTensors, normType: NormType = 2): tf.Scalar {
  checkNormType('globalNorm', normType);
  return normOf(tensors, normOrder(normType));
}

/** `globalNorm` without the checks. */
export function normOf(tensors: NamedTensors, p: number): tf.Scalar {
  const list = Object.values(tensors);
  if (list.length === 0) return tf.scalar(0);
  return tf.tidy(() => {
    const norms = tf.stack(list.map((t) => vectorNorm(t, p)));
    return p === Infinity ? tf.max(norms) : vectorNorm(norms, p);
  });
}
