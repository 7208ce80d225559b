import { tf } from '@dl/core';
import { checkFinite, checkInt, checkOptions, checkTensor, shapeError } from './internal/checks.js';

/** `1 / (1 + e^−x)` (`torch.sigmoid`). */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  checkTensor(x, 'sigmoid');
  return tf.sigmoid(x);
}

/** `torch.tanh`. */
export function tanh(x: tf.Tensor): tf.Tensor {
  checkTensor(x, 'tanh');
  return tf.tanh(x);
}

/** `max(0, x)` (`F.relu`). */
export function relu(x: tf.Tensor): tf.Tensor {
  checkTensor(x, 'relu');
  return tf.relu(x);
}

/** `x` for x ≥ 0, `negativeSlope · x` below (`F.leaky_relu`, default slope 0.01; the notes use 0.1). */
export function leakyRelu(x: tf.Tensor, options: { negativeSlope?: number } = {}): tf.Tensor {
  checkTensor(x, 'leakyRelu');
  checkOptions(options, 'leakyRelu');
  const slope = options.negativeSlope ?? 0.01;
  checkFinite(slope, 'negativeSlope', 'leakyRelu');
  return tf.leakyRelu(x, slope);
}

/** `x` for x > 0, `alpha (e^x − 1)` below (`F.elu`, default alpha 1). */
export function elu(x: tf.Tensor, options: { alpha?: number } = {}): tf.Tensor {
  checkTensor(x, 'elu');
  checkOptions(options, 'elu');
  const alpha = options.alpha ?? 1;
  checkFinite(alpha, 'alpha', 'elu');
  if (alpha === 1) return tf.elu(x);
  // relu(x) + α·expm1(min(x, 0)): no comparison op on the gradient path, and exp stays finite.
  return tf.tidy(() => tf.add(tf.relu(x), tf.mul(alpha, tf.expm1(tf.minimum(x, 0)))));
}

/** `scale · elu(x, alpha)` with SELU's fixed constants (`F.selu`, Klambauer et al. 2017). */
export function selu(x: tf.Tensor): tf.Tensor {
  checkTensor(x, 'selu');
  return tf.selu(x);
}

/** `exp(x) / Σ exp(x)` along `axis` (default the last), computed as `exp(x − logsumexp(x))`. */
export function softmax(x: tf.Tensor, options: { axis?: number } = {}): tf.Tensor {
  checkTensor(x, 'softmax');
  checkOptions(options, 'softmax');
  const axis = options.axis ?? -1;
  checkInt(axis, 'axis', 'softmax', -x.rank);
  if (x.rank === 0 || axis >= x.rank) shapeError('softmax', `a tensor with axis ${axis}`, x);
  if (axis === -1 || axis === x.rank - 1) return tf.softmax(x);
  return tf.tidy(() => tf.exp(tf.sub(x, tf.logSumExp(x, axis, true))));
}
