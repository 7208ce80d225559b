import { tf } from '@dl/core';
import { checkTensor, shapeError } from './internal/checks.js';
import { Module } from './module.js';

/**
 * `[N, ...] → [N, ∏...]` (`nn.Flatten`). On NHWC input the features come in (h, w, c) order,
 * not PyTorch's (c, h, w): a dense layer after it is laid out accordingly.
 */
export class Flatten extends Module {
  constructor() {
    super('flatten');
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    checkTensor(x, this.kind);
    if (x.rank < 1) shapeError(this.kind, '[N, ...]', x, 'rank >= 1 expected');
    return x.reshape([x.shape[0]!, -1]);
  }
}

/** Flattens all axes but the first. */
export function flatten(): Flatten {
  return new Flatten();
}
