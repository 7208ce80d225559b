import { tf } from '@dl/core';
import { checkFanShape, checkFloatDtype, checkNonNegative, checkOptions, rngOf } from './internal/checks.js';
import { signedQ } from './internal/qr.js';
import type { RandomOptions } from './types.js';

export interface OrthogonalOptions extends RandomOptions {
  /** Scaling factor, default 1. */
  gain?: number;
}

/**
 * A (semi-)orthogonal matrix times `gain` (`torch.nn.init.orthogonal_`, Saxe et al. 2013).
 * The weight is viewed as the matrix `[∏shape[:-1], out]` (TF.js layout: `[in, out]`, or
 * `[kh·kw·in, out]`); its columns are orthonormal when it is tall (`Wᵀ W = gain² I`), its rows
 * when it is wide (`W Wᵀ = gain² I`), the same layer as PyTorch's. The QR of a Gaussian matrix
 * runs in JavaScript (float64 Householder, R's diagonal made positive as PyTorch does) and the
 * result is uploaded: identical on every backend, and no backend's `linalg.qr` is needed.
 */
export function orthogonal(shape: number[], options: OrthogonalOptions = {}): tf.Tensor {
  const where = 'orthogonal';
  checkOptions(options, where);
  checkFanShape(shape, where);
  const { gain = 1 } = options;
  checkNonNegative(gain, 'gain', where);
  const dtype = checkFloatDtype(options.dtype, where);
  const rng = rngOf(options.seed, where);
  const cols = shape[shape.length - 1]!;
  const rows = shape.reduce((p, d) => p * d, 1) / cols;
  const p = Math.max(rows, cols);
  const q = Math.min(rows, cols);
  const a = new Float64Array(p * q);
  for (let i = 0; i < a.length; i++) a[i] = rng.gaussian();
  const qm = signedQ(a, p, q);
  const values = new Float32Array(rows * cols);
  if (rows >= cols) {
    for (let i = 0; i < values.length; i++) values[i] = gain * qm[i]!;
  } else {
    // Q is cols × rows here; the weight is its transpose.
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = gain * qm[j * rows + i]!;
  }
  return tf.tensor(values, shape, dtype);
}
