import { tf, toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkInput, checkInt, checkOptions, pair } from './internal/checks.js';
import { checkKernelFits, parsePadding } from './internal/conv-utils.js';
import type { Padding, ParsedPadding } from './internal/conv-utils.js';
import { dilateKernel } from './internal/dilate-kernel.js';
import { checkInitializers, defaultBias, defaultKernel, initTensor } from './internal/default-init.js';
import type { Initializer } from './internal/default-init.js';
import { Module } from './module.js';

export type { Padding } from './internal/conv-utils.js';

export interface Conv2dOptions {
  /** Default 1. */
  stride?: number | [number, number];
  /** PyTorch's `padding`: a number (both sides), `[ph, pw]`, `[[top, bottom], [left, right]]`, `'same'` or `'valid'` (default 0). */
  padding?: Padding;
  /** Default 1 (done by spreading the kernel: TF.js has no gradient for dilated convolutions). */
  dilation?: number | [number, number];
  /** Learn a bias (default true). */
  bias?: boolean;
  kernelInitializer?: Initializer;
  biasInitializer?: Initializer;
  seed?: SeedLike;
}

/** Shared option parsing of the convolutions. */
export function convGeometry(options: { stride?: unknown; padding?: unknown; dilation?: unknown }, where: string) {
  const stride = pair(options.stride ?? 1, 'stride', where);
  const dilation = pair(options.dilation ?? 1, 'dilation', where);
  const padding = parsePadding(options.padding ?? 0, where);
  return { stride, dilation, padding };
}

/** `nn.Conv2d` on NHWC input, kernel `[kh, kw, in, out]` (PyTorch's `[out, in, kh, kw]`). */
export class Conv2d extends Module {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly dilation: [number, number];
  readonly padding: ParsedPadding;

  constructor(readonly inChannels: number, readonly outChannels: number, kernelSize: number | [number, number], options: Conv2dOptions = {}) {
    const kind = 'conv2d';
    super(kind);
    checkInt(inChannels, 'inChannels', kind);
    checkInt(outChannels, 'outChannels', kind);
    this.kernelSize = pair(kernelSize, 'kernelSize', kind);
    checkOptions(options, kind);
    ({ stride: this.stride, dilation: this.dilation, padding: this.padding } = convGeometry(options, kind));
    checkInitializers(options, ['kernelInitializer', 'biasInitializer'], kind);
    const rng = toRng(options.seed, kind);
    const [kr, br] = rng.split(2) as [typeof rng, typeof rng];
    const shape = [...this.kernelSize, inChannels, outChannels];
    const fanIn = inChannels * this.kernelSize[0] * this.kernelSize[1];
    this.kernel = this.addParameter('kernel', () => initTensor(options.kernelInitializer, shape, kr, () => defaultKernel(shape, kr), kind, 'kernelInitializer'));
    if (options.bias ?? true) {
      this.bias = this.addParameter('bias', () => initTensor(options.biasInitializer, [outChannels], br, () => defaultBias([outChannels], fanIn, br), kind, 'biasInitializer'));
    }
  }

  protected forward(x: tf.Tensor): tf.Tensor {
    const expected = `[N, H, W, ${this.inChannels}]`;
    checkInput(x, this.kind, 4, expected, this.inChannels);
    checkKernelFits(x, this.kernelSize, this.dilation, this.padding, this.kind, expected);
    const y = tf.conv2d(x as tf.Tensor4D, dilateKernel(this.kernel, this.dilation) as tf.Tensor4D, this.stride, this.padding.tf);
    return this.bias ? tf.add(y, this.bias) : y;
  }
}

/** A 2-D convolution (`nn.Conv2d(inChannels, outChannels, kernelSize, ...)`) on NHWC images. */
export function conv2d(inChannels: number, outChannels: number, kernelSize: number | [number, number], options?: Conv2dOptions): Conv2d {
  return new Conv2d(inChannels, outChannels, kernelSize, options);
}
