import { tf } from '@dl/core';
import { checkInput } from './internal/checks.js';
import { checkKernelFits } from './internal/conv-utils.js';
import type { ParsedPadding } from './internal/conv-utils.js';
import { poolGeometry } from './max-pool2d.js';
import type { Pool2dOptions } from './max-pool2d.js';
import { Module } from './module.js';

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Count the zero padding in the average (default true, as PyTorch; TF.js's own op does not). */
  countIncludePad?: boolean;
}

/** `nn.AvgPool2d` on NHWC input. */
export class AvgPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: ParsedPadding;
  readonly countIncludePad: boolean;

  constructor(kernelSize: number | [number, number], options: AvgPool2dOptions = {}) {
    super('avgPool2d');
    ({ kernel: this.kernelSize, stride: this.stride, padding: this.padding } = poolGeometry(kernelSize, options, this.kind));
    this.countIncludePad = options.countIncludePad ?? true;
    if (typeof this.countIncludePad !== 'boolean') throw new TypeError(`avgPool2d: countIncludePad must be a boolean, got ${typeof this.countIncludePad}`);
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    checkInput(x, this.kind, 4, '[N, H, W, C]');
    checkKernelFits(x, this.kernelSize, [1, 1], this.padding, this.kind, '[N, H, W, C]');
    const pads = this.padding.explicit;
    if (this.countIncludePad && pads !== undefined) {
      // Zeros count in the average: pad first, then pool without padding.
      const padded = tf.pad(x, [[0, 0], pads[0], pads[1], [0, 0]]);
      return tf.avgPool(padded as tf.Tensor4D, this.kernelSize, this.stride, 'valid');
    }
    return tf.avgPool(x as tf.Tensor4D, this.kernelSize, this.stride, this.padding.tf);
  }
}

/** Average pooling (`nn.AvgPool2d(kernelSize, stride, padding, count_include_pad)`). */
export function avgPool2d(kernelSize: number | [number, number], options?: AvgPool2dOptions): AvgPool2d {
  return new AvgPool2d(kernelSize, options);
}
