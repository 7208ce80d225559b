import { tf } from '@dl/core';

/**
 * How `AveragedModel` folds a model's tensor into its average: `(averaged, current, numAveraged)
 * => new average` (PyTorch passes `num_averaged` as a tensor; here it is a number). The result is
 * a new tensor: TF.js tensors are immutable, the model assigns it.
 */
export type AvgFn = (averaged: tf.Tensor, current: tf.Tensor, numAveraged: number) => tf.Tensor;

/**
 * The same over all tensors at once (PyTorch's `multi_avg_fn`, whose `_foreach` kernels update in
 * place): returns the new averages in the same order.
 */
export type MultiAvgFn = (averaged: tf.Tensor[], current: tf.Tensor[], numAveraged: number) => tf.Tensor[];

/**
 * The equal average of every model seen: `averaged + (current − averaged) / (numAveraged + 1)`.
 * PyTorch: `torch.optim.swa_utils.get_swa_avg_fn()` (2.1+), `AveragedModel`'s default.
 */
export function getSwaAvgFn(): AvgFn {
  return (averaged, current, numAveraged) => tf.tidy(() => tf.add(averaged, tf.div(tf.sub(current, averaged), numAveraged + 1)));
}
