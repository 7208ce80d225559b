import { tf } from '@dl/core';
import { checkFinite, checkFloatDtype, checkOptions, checkShape, rngOf, show } from './internal/checks.js';
import type { RandomOptions } from './types.js';

export interface UniformOptions extends RandomOptions {
  /** Lower bound, default 0. */
  a?: number;
  /** Upper bound, default 1. */
  b?: number;
}

/** Values from U(a, b) (`torch.nn.init.uniform_`). */
export function uniform(shape: number[], options: UniformOptions = {}): tf.Tensor {
  const where = 'uniform';
  checkOptions(options, where);
  checkShape(shape, where);
  const { a = 0, b = 1 } = options;
  checkFinite(a, 'a', where);
  checkFinite(b, 'b', where);
  if (a > b) throw new RangeError(`${where}: a must be <= b, got a ${show(a)}, b ${show(b)}`);
  const dtype = checkFloatDtype(options.dtype, where);
  const rng = rngOf(options.seed, where);
  return tf.randomUniform(shape, a, b, dtype, rng.seed());
}
