// The one place where layers create their parameters: PyTorch's defaults through @dl/init.
import { tf } from '@dl/core';
import type { Rng } from '@dl/core';
import { kaimingUniform, uniform } from '@dl/init';

/** `(shape, {seed}) => Tensor`, what every @dl/init initializer is. */
export type Initializer = (shape: number[], options: { seed?: number | Rng }) => tf.Tensor;

/**
 * PyTorch's `reset_parameters` of Linear/Conv2d: `kaiming_uniform_(w, a=√5)`, that is
 * U(−1/√fanIn, 1/√fanIn). `fanShape` is the kernel's shape as PyTorch sees its fans (for a
 * depthwise kernel `[kh, kw, 1, c·m]`, PyTorch's `[c·m, 1, kh, kw]`); the result is reshaped.
 */
export function defaultKernel(shape: number[], rng: Rng, fanShape: number[] = shape): tf.Tensor {
  return tf.tidy(() => kaimingUniform(fanShape, { a: Math.sqrt(5), seed: rng }).reshape(shape));
}

/** PyTorch's bias default: U(−1/√fanIn, 1/√fanIn). */
export function defaultBias(shape: number[], fanIn: number, rng: Rng): tf.Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform(shape, { a: -bound, b: bound, seed: rng });
}

/** A given initializer, or the default, as a tensor of exactly `shape`. */
export function initTensor(init: Initializer | undefined, shape: number[], rng: Rng, fallback: () => tf.Tensor, where: string, name: string): tf.Tensor {
  if (init === undefined) return fallback();
  if (typeof init !== 'function') throw new TypeError(`${where}: ${name} must be an initializer function (shape, {seed}) => Tensor, got ${typeof init}`);
  const t = init(shape, { seed: rng });
  if (!(t instanceof tf.Tensor) || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    const got = t instanceof tf.Tensor ? `[${t.shape.join(', ')}]` : typeof t;
    if (t instanceof tf.Tensor) t.dispose();
    throw new RangeError(`${where}: ${name} must return a tensor of shape [${shape.join(', ')}], got ${got}`);
  }
  return t;
}
