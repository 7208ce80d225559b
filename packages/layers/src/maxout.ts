import { tf } from '@dl/core';
import { checkInt, checkOptions, checkTensor, shapeError } from './internal/checks.js';

export interface MaxoutOptions {
  /** Pieces per unit (k ≥ 1). */
  pieces: number;
  /** Axis holding `units · pieces` features (default the last: features or NHWC channels). */
  axis?: number;
}

/**
 * Maxout (Goodfellow et al. 2013): `max(w₁ᵀx + b₁, …, w_kᵀx + b_k)`. Takes the pre-activations of
 * `units · pieces` features and returns `units` of them; unit `j` is the maximum of the
 * contiguous features `j·k … j·k + k − 1`. Put it after a dense or convolution layer with
 * `units · pieces` outputs.
 */
export function maxout(x: tf.Tensor, options: MaxoutOptions): tf.Tensor {
  const where = 'maxout';
  checkTensor(x, where);
  checkOptions(options, where);
  checkInt(options?.pieces, 'pieces', where);
  const k = options.pieces;
  const axis = options.axis ?? -1;
  checkInt(axis, 'axis', where, -x.rank);
  const a = axis < 0 ? axis + x.rank : axis;
  if (x.rank === 0 || a >= x.rank) shapeError(where, `a tensor with axis ${axis}`, x);
  const size = x.shape[a]!;
  if (size % k !== 0) shapeError(where, `axis ${axis} of a multiple of ${k} (units · pieces)`, x, `${size} is not a multiple of ${k}`);
  return tf.tidy(() => tf.max(x.reshape([...x.shape.slice(0, a), size / k, k, ...x.shape.slice(a + 1)]), a + 1));
}
