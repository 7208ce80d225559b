import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { BatchNorm } from './batch-norm.js';
import { Conv2d } from './conv2d.js';
import { checkInput, checkInt, checkOneOf, checkOptions } from './internal/checks.js';
import { Module } from './module.js';
import type { ApplyOptions } from './module.js';
import { Sequential } from './sequential.js';
import { StochasticDepth } from './stochastic-depth.js';

export interface ResidualBlockOptions {
  /** Stride of the first 3×3 convolution and of the projection (default 1). */
  stride?: number;
  /** `'auto'` (default): identity when the shape is kept, else a 1×1 projection; or force one. */
  shortcut?: 'auto' | 'identity' | 'projection';
  /** Drop-path probability on the residual branch (default 0: none). */
  dropPath?: number;
  seed?: SeedLike;
}

/**
 * ResNet's basic block (He et al. 2016; torchvision's `BasicBlock`): `relu(bn2(conv2(relu(
 * bn1(conv1(x))))) + shortcut(x))`, 3×3 convolutions without bias, the shortcut the identity
 * or a projection `downsample` (1×1 convolution with the stride, then batch norm). Children
 * `conv1`, `bn1`, `conv2`, `bn2`, `downsample.0`, `downsample.1`, as torchvision names them.
 */
export class ResidualBlock extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm;
  readonly downsample?: Sequential;
  readonly dropPath?: StochasticDepth;

  constructor(readonly inChannels: number, readonly outChannels: number, options: ResidualBlockOptions = {}) {
    super('residualBlock');
    const where = this.kind;
    checkInt(inChannels, 'inChannels', where);
    checkInt(outChannels, 'outChannels', where);
    checkOptions(options, where);
    const stride = options.stride ?? 1;
    checkInt(stride, 'stride', where);
    const shortcut = options.shortcut ?? 'auto';
    checkOneOf(shortcut, ['auto', 'identity', 'projection'], 'shortcut', where);
    const keeps = stride === 1 && inChannels === outChannels;
    if (shortcut === 'identity' && !keeps) {
      throw new RangeError(`${where}: an identity shortcut needs stride 1 and inChannels === outChannels, got stride ${stride}, ${inChannels} → ${outChannels}`);
    }
    const rng = toRng(options.seed, where);
    const seeds = rng.split(4) as Rng[];
    this.conv1 = this.addModule('conv1', new Conv2d(inChannels, outChannels, 3, { stride, padding: 1, bias: false, seed: seeds[0] }));
    this.bn1 = this.addModule('bn1', new BatchNorm(outChannels, 2));
    this.conv2 = this.addModule('conv2', new Conv2d(outChannels, outChannels, 3, { padding: 1, bias: false, seed: seeds[1] }));
    this.bn2 = this.addModule('bn2', new BatchNorm(outChannels, 2));
    if (shortcut === 'projection' || (shortcut === 'auto' && !keeps)) {
      this.downsample = this.addModule('downsample', new Sequential([new Conv2d(inChannels, outChannels, 1, { stride, bias: false, seed: seeds[2] }), new BatchNorm(outChannels, 2)]));
    }
    if (options.dropPath !== undefined && options.dropPath > 0) {
      this.dropPath = this.addModule('dropPath', new StochasticDepth({ p: options.dropPath, seed: seeds[3] }));
    }
  }

  protected forward(x: tf.Tensor, options: ApplyOptions): tf.Tensor {
    checkInput(x, this.kind, 4, `[N, H, W, ${this.inChannels}]`, this.inChannels);
    let y = tf.relu(this.bn1.apply(this.conv1.apply(x, options), options));
    y = this.bn2.apply(this.conv2.apply(y, options), options);
    if (this.dropPath) y = this.dropPath.apply(y, options);
    const identity = this.downsample ? this.downsample.apply(x, options) : x;
    return tf.relu(tf.add(y, identity));
  }
}

/** A ResNet basic block from `inChannels` to `outChannels`. */
export function residualBlock(inChannels: number, outChannels: number, options?: ResidualBlockOptions): ResidualBlock {
  return new ResidualBlock(inChannels, outChannels, options);
}
