import { tf, toRng } from '@dl/core';
import type { Rng } from '@dl/core';
import { Dense } from './dense.js';
import type { DenseOptions } from './dense.js';
import { checkRange } from './internal/checks.js';
import { scaledMask } from './internal/mask.js';
import type { ApplyOptions } from './module.js';

export interface DropConnectOptions extends DenseOptions {
  /** Probability of dropping each weight (default 0.5). */
  p?: number;
}

/**
 * A dense layer with DropConnect (Wan et al. 2013): in training mode each weight of the
 * kernel is zeroed with probability `p` (one mask per call, shared by the batch) and the
 * kept ones scaled by 1/(1 − p), so the expected output is the full layer's; eval mode uses
 * all the weights. The bias is not dropped. Parameters `kernel`, `bias`, as `dense`.
 */
export class DropConnect extends Dense {
  readonly p: number;
  readonly rng: Rng;

  constructor(inFeatures: number, outFeatures: number, options: DropConnectOptions = {}) {
    const p = options?.p ?? 0.5;
    checkRange(p, 'p', 'dropConnect', 0, 1, false); // before super() makes the variables
    super(inFeatures, outFeatures, options, 'dropConnect');
    this.p = p;
    // Children 1 and 2 of a numeric seed initialised the kernel and bias; the masks take the third.
    this.rng = (toRng(options.seed, this.kind).split(3) as Rng[])[2]!;
  }

  protected override forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    this.checkInput(x);
    if (!this.isTraining(options) || this.p === 0) return this.linear(x, this.kernel);
    const mask = scaledMask(this.kernel.shape, this.p, options.rng ?? this.rng);
    return this.linear(x, tf.mul(this.kernel, mask));
  }
}

/** A dense layer whose weights are dropped in training (`p` default 0.5). */
export function dropConnect(inFeatures: number, outFeatures: number, options?: DropConnectOptions): DropConnect {
  return new DropConnect(inFeatures, outFeatures, options);
}
