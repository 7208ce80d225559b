import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { checkOneOf, checkOptions, checkRange, checkTensor, shapeError } from './internal/checks.js';
import { scaledMask } from './internal/mask.js';
import { Module } from './module.js';
import type { ApplyOptions } from './module.js';

export interface StochasticDepthOptions {
  /** Probability of dropping the branch (default 0.5 for `stochasticDepth`, as torchvision requires it; 0 for a residual block). */
  p?: number;
  /** `'row'` (default): one draw per sample (drop-path); `'batch'`: one draw for the whole batch. */
  mode?: 'row' | 'batch';
  seed?: SeedLike;
}

/**
 * Stochastic depth / drop-path (Huang et al. 2016; `torchvision.ops.StochasticDepth`): put
 * on a residual branch, in training mode it zeroes the branch for a sample with probability
 * `p` and scales it by 1/(1 − p) otherwise, so the expected value is the branch itself;
 * identity in eval mode.
 */
export class StochasticDepth extends Module {
  readonly p: number;
  readonly mode: 'row' | 'batch';
  readonly rng: Rng;

  constructor(options: StochasticDepthOptions = {}) {
    super('stochasticDepth');
    checkOptions(options, this.kind);
    this.p = options.p ?? 0.5;
    checkRange(this.p, 'p', this.kind, 0, 1, false);
    this.mode = options.mode ?? 'row';
    checkOneOf(this.mode, ['row', 'batch'], 'mode', this.kind);
    this.rng = toRng(options.seed, this.kind);
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    checkTensor(x, this.kind);
    if (x.rank < 1) shapeError(this.kind, '[N, ...]', x, 'rank >= 1 expected');
    if (!this.isTraining(options) || this.p === 0) return x.clone();
    const shape = [this.mode === 'row' ? x.shape[0]! : 1, ...x.shape.slice(1).map(() => 1)];
    return tf.mul(x, scaledMask(shape, this.p, options.rng ?? this.rng));
  }
}

/** Stochastic depth with drop probability `p` (`torchvision.ops.StochasticDepth(p, mode)`). */
export function stochasticDepth(p = 0.5, options: Omit<StochasticDepthOptions, 'p'> = {}): StochasticDepth {
  return new StochasticDepth({ ...options, p });
}

/** Drop-path: per-sample stochastic depth (`mode: 'row'`), timm's `DropPath(p)`. */
export function dropPath(p = 0.5, options: Omit<StochasticDepthOptions, 'p' | 'mode'> = {}): StochasticDepth {
  return new StochasticDepth({ ...options, p, mode: 'row' });
}
