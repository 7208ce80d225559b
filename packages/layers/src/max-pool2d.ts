import { tf } from '@dl/core';
import { checkInput, checkOptions, pair, show } from './internal/checks.js';
import { checkKernelFits, parsePadding } from './internal/conv-utils.js';
import type { Padding, ParsedPadding } from './internal/conv-utils.js';
import { Module } from './module.js';

export interface Pool2dOptions {
  /** Default `kernelSize`, as PyTorch. */
  stride?: number | [number, number];
  /** Default 0; max pooling pads with −∞. */
  padding?: Padding;
}

/** Shared geometry of the two poolings. */
export function poolGeometry(kernelSize: unknown, options: Pool2dOptions, where: string) {
  checkOptions(options, where);
  const kernel = pair(kernelSize, 'kernelSize', where);
  const stride = pair(options.stride ?? kernel, 'stride', where);
  const padding = parsePadding(options.padding ?? 0, where);
  if (padding.explicit?.some(([a, b], i) => a > kernel[i]! / 2 || b > kernel[i]! / 2)) {
    throw new RangeError(`${where}: padding must be at most half the kernel size (PyTorch's rule), got ${show(options.padding)} for kernel [${kernel.join(', ')}]`);
  }
  return { kernel, stride, padding };
}

/** `nn.MaxPool2d` on NHWC input. */
export class MaxPool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: ParsedPadding;

  constructor(kernelSize: number | [number, number], options: Pool2dOptions = {}) {
    super('maxPool2d');
    ({ kernel: this.kernelSize, stride: this.stride, padding: this.padding } = poolGeometry(kernelSize, options, this.kind));
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    checkInput(x, this.kind, 4, '[N, H, W, C]');
    checkKernelFits(x, this.kernelSize, [1, 1], this.padding, this.kind, '[N, H, W, C]');
    return tf.maxPool(x as tf.Tensor4D, this.kernelSize, this.stride, this.padding.tf);
  }
}

/** Max pooling (`nn.MaxPool2d(kernelSize, stride, padding)`). */
export function maxPool2d(kernelSize: number | [number, number], options?: Pool2dOptions): MaxPool2d {
  return new MaxPool2d(kernelSize, options);
}
