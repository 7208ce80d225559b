import { tf } from '@dl/core';
import { checkFinite, checkFloatDtype, checkOptions, checkShape, rngOf, show } from './internal/checks.js';
import { standardTruncated } from './internal/truncated.js';
import type { RandomOptions } from './types.js';

export interface TruncatedNormalOptions extends RandomOptions {
  /** Mean of the normal before truncation, default 0. */
  mean?: number;
  /** Standard deviation of the normal before truncation, default 1. */
  std?: number;
  /** Lower cut-off, an absolute value as in PyTorch; default `mean - 2 std` (TF.js's). */
  a?: number;
  /** Upper cut-off, an absolute value as in PyTorch; default `mean + 2 std` (TF.js's). */
  b?: number;
}

/**
 * Values from N(mean, std²) restricted to [a, b] (`torch.nn.init.trunc_normal_`). The bounds
 * default to two standard deviations around the mean, as TF.js's `truncatedNormal`, rather
 * than PyTorch's absolute ±2 (the same thing only when std is 1). Drawn exactly by rejection
 * in JavaScript, then uploaded: the same seed gives the same tensor on every backend.
 */
export function truncatedNormal(shape: number[], options: TruncatedNormalOptions = {}): tf.Tensor {
  const where = 'truncatedNormal';
  checkOptions(options, where);
  checkShape(shape, where);
  const { mean = 0, std = 1 } = options;
  checkFinite(mean, 'mean', where);
  checkFinite(std, 'std', where);
  if (!(std > 0)) throw new RangeError(`${where}: std must be > 0, got ${show(std)}`);
  const a = options.a ?? mean - 2 * std;
  const b = options.b ?? mean + 2 * std;
  if (typeof a !== 'number' || Number.isNaN(a)) throw new TypeError(`${where}: a must be a number, got ${show(a)}`);
  if (typeof b !== 'number' || Number.isNaN(b)) throw new TypeError(`${where}: b must be a number, got ${show(b)}`);
  if (!(a < b)) throw new RangeError(`${where}: a must be below b, got a ${show(a)}, b ${show(b)}`);
  const dtype = checkFloatDtype(options.dtype, where);
  const rng = rngOf(options.seed, where);
  const size = shape.reduce((p, d) => p * d, 1);
  const z = standardTruncated(rng, size, (a - mean) / std, (b - mean) / std);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = Math.min(Math.max(mean + std * z[i]!, a), b);
  return tf.tensor(values, shape, dtype);
}
