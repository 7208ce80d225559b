import { tf } from '@dl/core';
import { checkFinite, checkFloatDtype, checkNonNegative, checkOptions, checkShape, rngOf } from './internal/checks.js';
import type { RandomOptions } from './types.js';

export interface NormalOptions extends RandomOptions {
  /** Default 0. */
  mean?: number;
  /** Default 1. */
  std?: number;
}

/** Values from N(mean, std²) (`torch.nn.init.normal_`). */
export function normal(shape: number[], options: NormalOptions = {}): tf.Tensor {
  const where = 'normal';
  checkOptions(options, where);
  checkShape(shape, where);
  const { mean = 0, std = 1 } = options;
  checkFinite(mean, 'mean', where);
  checkNonNegative(std, 'std', where);
  const dtype = checkFloatDtype(options.dtype, where);
  const rng = rngOf(options.seed, where);
  return tf.randomNormal(shape, mean, std, dtype, rng.seed());
}
