import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { relu } from './activations.js';
import { Conv2d } from './conv2d.js';
import { checkInput, checkInt, checkOptions } from './internal/checks.js';
import { MaxPool2d } from './max-pool2d.js';
import { Module } from './module.js';
import type { ApplyOptions } from './module.js';
import { Sequential } from './sequential.js';

export interface InceptionOptions {
  /** Output channels of the 1×1 branch. */
  ch1x1: number;
  /** 1×1 reduction before the 3×3 convolution, and the 3×3's outputs. */
  ch3x3Reduce: number;
  ch3x3: number;
  /** 1×1 reduction before the 5×5 convolution, and the 5×5's outputs. */
  ch5x5Reduce: number;
  ch5x5: number;
  /** Outputs of the 1×1 projection after the 3×3 max pool. */
  poolProj: number;
  seed?: SeedLike;
}

/**
 * GoogLeNet's Inception module (Szegedy et al. 2015): four branches on the same input,
 * concatenated along channels — 1×1; 1×1 → 3×3; 1×1 → 5×5; 3×3 max pool (stride 1) → 1×1 —
 * each convolution followed by ReLU, spatial size kept. Children `branch1` … `branch4`
 * (sequentials, so `branch2.2.kernel` is the 3×3 kernel).
 */
export class InceptionModule extends Module {
  readonly branches: Sequential[];
  readonly outChannels: number;

  constructor(readonly inChannels: number, options: InceptionOptions) {
    super('inceptionModule');
    const where = this.kind;
    checkInt(inChannels, 'inChannels', where);
    checkOptions(options, where);
    if (options === undefined) throw new TypeError(`${where}: options with the branch widths are required`);
    for (const k of ['ch1x1', 'ch3x3Reduce', 'ch3x3', 'ch5x5Reduce', 'ch5x5', 'poolProj'] as const) checkInt(options[k], k, where);
    const s = toRng(options.seed, where).split(6) as Rng[];
    const conv = (i: number, o: number, k: number, seed: Rng) => new Conv2d(i, o, k, { padding: (k - 1) / 2, seed });
    this.branches = [
      new Sequential([conv(inChannels, options.ch1x1, 1, s[0]!), relu]),
      new Sequential([conv(inChannels, options.ch3x3Reduce, 1, s[1]!), relu, conv(options.ch3x3Reduce, options.ch3x3, 3, s[2]!), relu]),
      new Sequential([conv(inChannels, options.ch5x5Reduce, 1, s[3]!), relu, conv(options.ch5x5Reduce, options.ch5x5, 5, s[4]!), relu]),
      new Sequential([new MaxPool2d(3, { stride: 1, padding: 1 }), conv(inChannels, options.poolProj, 1, s[5]!), relu]),
    ];
    this.branches.forEach((b, i) => this.addModule(`branch${i + 1}`, b));
    this.outChannels = options.ch1x1 + options.ch3x3 + options.ch5x5 + options.poolProj;
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    checkInput(x, this.kind, 4, `[N, H, W, ${this.inChannels}]`, this.inChannels);
    return tf.concat(this.branches.map((b) => b.apply(x, options)), 3);
  }
}

/** An Inception module with the given branch widths. */
export function inceptionModule(inChannels: number, options: InceptionOptions): InceptionModule {
  return new InceptionModule(inChannels, options);
}
