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

export interface SeparableConv2dOptions {
  depthMultiplier?: number;
  stride?: number | [number, number];
  padding?: Padding;
  dilation?: number | [number, number];
  /** Bias of the pointwise convolution (default true); the depthwise step has none. */
  bias?: boolean;
  /**
   * Called with the grouped layout `[kh, kw, 1, inChannels·depthMultiplier]` (PyTorch's weight
   * `[c·m, 1, kh, kw]` transposed), so fan-based initializers get PyTorch's fans; the result is
   * reshaped to `[kh, kw, inChannels, depthMultiplier]`.
   */
  depthwiseInitializer?: Initializer;
  pointwiseInitializer?: Initializer;
  biasInitializer?: Initializer;
  seed?: SeedLike;
}

/**
 * A depthwise separable convolution: a depthwise convolution (no bias) followed by a 1×1
 * convolution across channels, as PyTorch's `Conv2d(c, c·m, k, groups=c, bias=False)` then
 * `Conv2d(c·m, out, 1)`. Parameters `depthwiseKernel [kh, kw, c, m]`, `pointwiseKernel
 * [1, 1, c·m, out]`, `bias [out]` (Keras's names).
 */
export class SeparableConv2d extends Module {
  readonly depthwiseKernel: tf.Variable;
  readonly pointwiseKernel: tf.Variable;
  readonly bias?: tf.Variable;
  readonly kernelSize: [number, number];
  readonly depthMultiplier: number;
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padding: ParsedPadding;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: number | [number, number], options: SeparableConv2dOptions = {}) {
    const kind = 'separableConv2d';
    super(kind);
    checkInt(inChannels, 'inChannels', kind);
    checkInt(outChannels, 'outChannels', kind);
    this.kernelSize = pair(kernelSize, 'kernelSize', kind);
    checkOptions(options, kind);
    this.depthMultiplier = options.depthMultiplier ?? 1;
    checkInt(this.depthMultiplier, 'depthMultiplier', kind);
    ({ stride: this.stride, dilation: this.dilation, padding: this.padding } = convGeometry(options, kind));
    checkInitializers(options, ['depthwiseInitializer', 'pointwiseInitializer', 'biasInitializer'], kind);
    const rng = toRng(options.seed, kind);
    const [dr, pr, br] = rng.split(3) as [typeof rng, typeof rng, typeof rng];
    const [kh, kw] = this.kernelSize;
    const mid = inChannels * this.depthMultiplier;
    const dShape = [kh, kw, inChannels, this.depthMultiplier];
    // Initialised as the grouped kernel it is (PyTorch's fans: in kh·kw, out c·m·kh·kw).
    const grouped = groupedShape(kh, kw, inChannels, this.depthMultiplier);
    const note = ` (the grouped layout [kh, kw, 1, inChannels·depthMultiplier], reshaped to [kh, kw, inChannels, depthMultiplier])`;
    const pShape = [1, 1, mid, outChannels];
    this.depthwiseKernel = this.addParameter('depthwiseKernel', () =>
      initTensor(options.depthwiseInitializer, grouped, dr, () => defaultKernel(grouped, dr), kind, 'depthwiseInitializer', note).reshape(dShape),
    );
    this.pointwiseKernel = this.addParameter('pointwiseKernel', () => initTensor(options.pointwiseInitializer, pShape, pr, () => defaultKernel(pShape, pr), kind, 'pointwiseInitializer'));
    if (options.bias ?? true) {
      this.bias = this.addParameter('bias', () => initTensor(options.biasInitializer, [outChannels], br, () => defaultBias([outChannels], mid, br), kind, 'biasInitializer'));
    }
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    const expected = `[N, H, W, ${this.inChannels}]`;
    checkInput(x, this.kind, 4, expected, this.inChannels);
    checkKernelFits(x, this.kernelSize, this.dilation, this.padding, this.kind, expected);
    const d = tf.depthwiseConv2d(x as tf.Tensor4D, dilateKernel(this.depthwiseKernel, this.dilation) as tf.Tensor4D, this.stride, this.padding.tf);
    const y = tf.conv2d(d, this.pointwiseKernel as tf.Tensor4D, 1, 'valid');
    return this.bias ? tf.add(y, this.bias) : y;
  }
}

/** A depthwise separable convolution (depthwise `kernelSize` then pointwise 1×1). */
export function separableConv2d(inChannels: number, outChannels: number, kernelSize: number | [number, number], options?: SeparableConv2dOptions): SeparableConv2d {
  return new SeparableConv2d(inChannels, outChannels, kernelSize, options);
}
