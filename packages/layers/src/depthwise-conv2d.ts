import { tf, toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { convGeometry } from './conv2d.js';
import { checkInput, checkInt, checkOptions, pair } from './internal/checks.js';
import { checkKernelFits } from './internal/conv-utils.js';
import type { Padding, ParsedPadding } from './internal/conv-utils.js';
import { dilateKernel } from './internal/dilate-kernel.js';
import { checkInitializers, defaultBias, defaultKernel, groupedShape, initTensor } from './internal/default-init.js';
import type { Initializer } from './internal/default-init.js';
import { Module } from './module.js';

export interface DepthwiseConv2dOptions {
  /** Output channels per input channel (default 1); PyTorch's `out_channels / in_channels`. */
  depthMultiplier?: number;
  stride?: number | [number, number];
  padding?: Padding;
  dilation?: number | [number, number];
  bias?: boolean;
  /**
   * Called with the grouped layout `[kh, kw, 1, channels·depthMultiplier]` (PyTorch's weight
   * `[c·m, 1, kh, kw]` transposed), so fan-based initializers get PyTorch's fans; the result is
   * reshaped to `[kh, kw, channels, depthMultiplier]`.
   */
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
    checkInitializers(options, ['kernelInitializer', 'biasInitializer'], kind);
    const rng = toRng(options.seed, kind);
    const [kr, br] = rng.split(2) as [typeof rng, typeof rng];
    const [kh, kw] = this.kernelSize;
    const m = this.depthMultiplier;
    const shape = [kh, kw, channels, m];
    // Initialised as the grouped kernel it is (PyTorch's fans: in kh·kw, out c·m·kh·kw).
    const grouped = groupedShape(kh, kw, channels, m);
    const note = ` (the grouped layout [kh, kw, 1, channels·depthMultiplier], reshaped to [kh, kw, channels, depthMultiplier])`;
    this.kernel = this.addParameter('kernel', () => initTensor(options.kernelInitializer, grouped, kr, () => defaultKernel(grouped, kr), kind, 'kernelInitializer', note).reshape(shape));
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
