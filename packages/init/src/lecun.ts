import { tf } from '@dl/core';
import { checkFloatDtype, checkOptions, rngOf } from './internal/checks.js';
import { fansOf } from './internal/fans.js';
import type { RandomOptions } from './types.js';

function std(shape: number[], where: string): number {
  // PyTorch's kaiming_*(nonlinearity='linear'): gain 1 over √fanIn.
  return 1 / Math.sqrt(fansOf(shape, where).fanIn);
}

/** The standard deviation of LeCun initialisation: `1 / √fanIn`. */
export function lecunStd(shape: number[]): number {
  return std(shape, 'lecunStd');
}

/** Values from U(−√(3 / fanIn), √(3 / fanIn)): PyTorch's `kaiming_uniform_(w, nonlinearity='linear')`. */
export function lecunUniform(shape: number[], options: RandomOptions = {}): tf.Tensor {
  const where = 'lecunUniform';
  checkOptions(options, where);
  const bound = Math.sqrt(3.0) * std(shape, where);
  const dtype = checkFloatDtype(options.dtype, where);
  return tf.randomUniform(shape, -bound, bound, dtype, rngOf(options.seed, where).seed());
}

/** Values from N(0, 1 / fanIn): PyTorch's `kaiming_normal_(w, nonlinearity='linear')` (not truncated, unlike Keras). */
export function lecunNormal(shape: number[], options: RandomOptions = {}): tf.Tensor {
  const where = 'lecunNormal';
  checkOptions(options, where);
  const s = std(shape, where);
  const dtype = checkFloatDtype(options.dtype, where);
  return tf.randomNormal(shape, 0, s, dtype, rngOf(options.seed, where).seed());
}
