import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { checkPositive } from './internal/check.js';
import { checkNamedTensors } from './internal/clip.js';
import { perParam } from './internal/per-param.js';

/**
 * `torch.nn.utils.clip_grad_value_` for training loops: every element clamped to
 * `[-clipValue, clipValue]`. New tensors, named as the input (which is left untouched); the
 * caller disposes them.
 */
export function clipGradValue(grads: NamedTensors, clipValue: number): NamedTensors {
  checkNamedTensors('clipGradValue', grads);
  checkPositive('clipGradValue', 'clipValue', clipValue);
  return perParam(Object.keys(grads), (n) => tf.clipByValue(grads[n]!, -clipValue, clipValue));
}
