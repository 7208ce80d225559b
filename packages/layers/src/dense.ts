import { tf, toRng } from '@dl/core';
import type { SeedLike } from '@dl/core';
import { checkInput, checkInt, checkOptions, shapeError } from './internal/checks.js';
import { checkInitializers, defaultBias, defaultKernel, initTensor } from './internal/default-init.js';
import type { Initializer } from './internal/default-init.js';
import { Module } from './module.js';
import type { ApplyOptions } from './module.js';

export interface DenseOptions {
  /** Learn a bias (default true). */
  bias?: boolean;
  /** Default PyTorch's: U(−1/√in, 1/√in) (`kaiming_uniform_(a=√5)`). */
  kernelInitializer?: Initializer;
  /** Default PyTorch's: U(−1/√in, 1/√in). */
  biasInitializer?: Initializer;
  seed?: SeedLike;
}

/** `nn.Linear`: `y = x · kernel + bias`, kernel `[in, out]` (PyTorch's weight transposed). */
export class Dense extends Module {
  readonly kernel: tf.Variable;
  readonly bias?: tf.Variable;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: DenseOptions = {}, kind = 'dense') {
    super(kind);
    checkInt(inFeatures, 'inFeatures', kind);
    checkInt(outFeatures, 'outFeatures', kind);
    checkOptions(options, kind);
    checkInitializers(options, ['kernelInitializer', 'biasInitializer'], kind);
    const rng = toRng(options.seed, kind);
    const [kr, br] = rng.split(2) as [typeof rng, typeof rng];
    const shape = [inFeatures, outFeatures];
    this.kernel = this.addParameter('kernel', () => initTensor(options.kernelInitializer, shape, kr, () => defaultKernel(shape, kr), kind, 'kernelInitializer'));
    if (options.bias ?? true) {
      this.bias = this.addParameter('bias', () => initTensor(options.biasInitializer, [outFeatures], br, () => defaultBias([outFeatures], inFeatures, br), kind, 'biasInitializer'));
    }
  }

  protected checkInput(x: tf.Tensor): void {
    const expected = `[..., ${this.inFeatures}]`;
    if (x.rank < 1) shapeError(this.kind, expected, x, 'rank >= 1 expected');
    checkInput(x, this.kind, x.rank, expected, this.inFeatures);
  }

  /** `x · kernel + bias` over the last axis of `x`, for any leading shape. */
  protected linear(x: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
    const lead = x.shape.slice(0, -1);
    let y = tf.matMul(x.reshape([-1, this.inFeatures]), kernel);
    if (this.bias) y = tf.add(y, this.bias);
    return y.reshape([...lead, this.outFeatures]);
  }

  protected forward(x: tf.Tensor, _options: ApplyOptions): tf.Tensor {
    this.checkInput(x);
    return this.linear(x, this.kernel);
  }
}

/** A fully connected layer (`nn.Linear(inFeatures, outFeatures)`). */
export function dense(inFeatures: number, outFeatures: number, options?: DenseOptions): Dense {
  return new Dense(inFeatures, outFeatures, options);
}
