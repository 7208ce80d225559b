import { toRng } from '@dl/core';
import type { Rng, SeedLike, tf } from '@dl/core';
import { checkOptions, checkRange, checkTensor } from './internal/checks.js';
import { scaledMask } from './internal/mask.js';
import { Module } from './module.js';
import type { ApplyOptions } from './module.js';

export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Randomness when `apply` gets no `rng`. */
  seed?: SeedLike;
}

/**
 * `nn.Dropout`: in training mode zeroes each element with probability `p` and scales the
 * rest by 1/(1 − p) (inverted dropout), so the expected value is the input; identity in eval.
 */
export class Dropout extends Module {
  readonly p: number;
  readonly rng: Rng;

  constructor(options: DropoutOptions = {}) {
    super('dropout');
    checkOptions(options, this.kind);
    this.p = options.p ?? 0.5;
    checkRange(this.p, 'p', this.kind, 0, 1, false);
    this.rng = toRng(options.seed, this.kind);
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    checkTensor(x, this.kind);
    if (!this.isTraining(options) || this.p === 0) return x.clone();
    return x.mul(scaledMask(x.shape, this.p, options.rng ?? this.rng));
  }
}

/** Dropout with probability `p` (`nn.Dropout(p)`). */
export function dropout(p = 0.5, options: Omit<DropoutOptions, 'p'> = {}): Dropout {
  return new Dropout({ ...options, p });
}
