import { fansOf } from './internal/fans.js';

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/**
 * Fan in and fan out of a weight in TF.js layout, as PyTorch's `_calculate_fan_in_and_fan_out`
 * gives them for the same layer: dense `[in, out]` → `(in, out)`; convolution
 * `[...kernel, in, out]` → `(in · ∏kernel, out · ∏kernel)` (PyTorch's `[out, in, ...kernel]`).
 */
export function computeFans(shape: number[]): Fans {
  return fansOf(shape, 'computeFans');
}
