import { tf } from '@dl/core';
import { checkOptions, checkTensor, shapeError } from './internal/checks.js';
import { checkReduction, reduce } from './internal/loss-utils.js';
import type { Reduction } from './internal/loss-utils.js';

/**
 * The notes' `C₀ = Σⱼ (aⱼ − yⱼ)²`: the squared error summed over each sample's outputs (no ½),
 * then averaged over the batch (`'mean'`, default), summed, or kept per sample (`'none'`).
 * PyTorch's `MSELoss` is this divided by the number of outputs per sample.
 */
export function squaredError(prediction: tf.Tensor, target: tf.Tensor, options: { reduction?: Reduction } = {}): tf.Tensor {
  const where = 'squaredError';
  checkOptions(options, where);
  const reduction = checkReduction(options.reduction, where);
  checkTensor(prediction, where);
  checkTensor(target, where);
  if (prediction.rank < 1) shapeError(where, '[N, ...]', prediction, 'rank >= 1 expected');
  if (!tf.util.arraysEqual(prediction.shape, target.shape)) {
    throw new RangeError(`${where}: expected target of shape [${prediction.shape.join(', ')}], got [${target.shape.join(', ')}]`);
  }
  return tf.tidy(() => {
    const sq = tf.squaredDifference(prediction, target);
    const perSample = prediction.rank === 1 ? sq : tf.sum(sq, prediction.shape.slice(1).map((_, i) => i + 1));
    return reduce(perSample, reduction);
  });
}
