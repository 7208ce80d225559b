import { tf } from '@dl/core';
import { checkInput, checkOptions } from './internal/checks.js';
import { Module } from './module.js';

export interface GlobalAvgPool2dOptions {
  /** Keep `[N, 1, 1, C]` (PyTorch's `AdaptiveAvgPool2d(1)`); default false: `[N, C]`. */
  keepDims?: boolean;
}

/** The mean over height and width of NHWC input. */
export class GlobalAvgPool2d extends Module {
  readonly keepDims: boolean;

  constructor(options: GlobalAvgPool2dOptions = {}) {
    super('globalAvgPool2d');
    checkOptions(options, this.kind);
    this.keepDims = options.keepDims ?? false;
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    checkInput(x, this.kind, 4, '[N, H, W, C]');
    return tf.mean(x, [1, 2], this.keepDims);
  }
}

/** Global average pooling (`nn.AdaptiveAvgPool2d(1)` then flatten). */
export function globalAvgPool2d(options?: GlobalAvgPool2dOptions): GlobalAvgPool2d {
  return new GlobalAvgPool2d(options);
}
