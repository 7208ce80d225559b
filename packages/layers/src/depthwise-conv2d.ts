import { tf, toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { convGeometry } from './conv2d.js';
import { checkInput, checkInt, checkOptions, pair } from './internal/checks.js';
import { checkKernelFits } from './internal/conv-utils.js';
import type { Padding, ParsedPadding } from './internal/conv-utils.js';
import { dilateKernel } from './internal/dilate-kernel.js';
import { defaultBias, defaultKernel, initTensor } from './internal/default-init.js';
import type { Initializer } from './internal/default-init.js';
import { Module } from './module.js';

export interface DepthwiseConv2dOptions {
  /** Output channels per input channel (default 1); PyTorch's `out_channels / in_channels`. */
  depthMultiplier?: number;
  stride?: number | [number, number];
  padding?: Padding;
  dilation?: number | [number, number];
  bias?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  seed?: SeedLike;
}

/**
 * A depthwise convolution: each channel convolved with its own filters, PyTorch's
 * `nn.Conv2d(c, c·m, k, groups=c)`. Kernel `[kh, kw, c, m]`; output channel `i·m + j` is
 * input channel `i`'s `j`-th filter, the same order as PyTorch's.
 */
export class DepthwiseConv2d extends Module {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;
  readonly kernelSize: [number, number];
  readonly depthMultiplier: number;
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padding: ParsedPadding;

  constructor(readonly channels: number, kernelSize: number | [number, number], options: DepthwiseConv2dOptions = {}) {
    const kind = 'depthwiseConv2d';
    super(kind);
    checkInt(channels, 'channels', kind);
    this.kernelSize = pair(kernelSize, 'kernelSize', kind);
    checkOptions(options, kind);
    this.depthMultiplier = options.depthMultiplier ?? 1;
    checkInt(this.depthMultiplier, 'depthMultiplier', kind);
    ({ stride: this.stride, dilation: this.dilation, padding: this.padding } = convGeometry(options, kind));
    const rng = toRng(options.seed, kind);
    const [kr, br] = rng.split(2) as [typeof rng, typeof rng];
    const [kh, kw] = this.kernelSize;
    const m = this.depthMultiplier;
    const shape = [kh, kw, channels, m];
    // PyTorch's weight is [c·m, 1, kh, kw]: its fan in is kh·kw.
    this.kernel = this.addParameter('kernel', () => initTensor(options.kernelInitializer, shape, kr, () => defaultKernel(shape, kr, [kh, kw, 1, channels * m]), kind, 'kernelInitializer'));
    if (options.bias ?? true) {
      this.bias = this.addParameter('bias', () => initTensor(options.biasInitializer, [channels * m], br, () => defaultBias([channels * m], kh * kw, br), kind, 'biasInitializer'));
    }
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    const expected = `[N, H, W, ${this.channels}]`;
    checkInput(x, this.kind, 4, expected, this.channels);
    checkKernelFits(x, this.kernelSize, this.dilation, this.padding, this.kind, expected);
    const y = tf.depthwiseConv2d(x as tf.Tensor4D, dilateKernel(this.kernel, this.dilation) as tf.Tensor4D, this.stride, this.padding.tf);
    return this.bias ? tf.add(y, this.bias) : y;
  }
}

/** A depthwise convolution (`nn.Conv2d(channels, channels·depthMultiplier, kernelSize, groups=channels)`). */
export function depthwiseConv2d(channels: number, kernelSize: number | [number, number], options?: DepthwiseConv2dOptions): DepthwiseConv2d {
  return new DepthwiseConv2d(channels, kernelSize, options);
}
