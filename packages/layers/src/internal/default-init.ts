// The one place where layers create their parameters: PyTorch's defaults through @dl/init.
import { tf } from '@dl/core';
import type { Rng } from '@dl/core';
import { kaimingUniform, uniform } from '@dl/init';

/** `(shape, {seed}) => Tensor`, what every @dl/init initializer is. */
export type Initializer = (shape: number[], options: { seed?: number | Rng }) => tf.Tensor;

/**
 * PyTorch's `reset_parameters` of Linear/Conv2d: `kaiming_uniform_(w, a=√5)`, that is
 * U(−1/√fanIn, 1/√fanIn), for a kernel in TF.js layout (`[in, out]`, `[kh, kw, in, out]`, or
 * a depthwise kernel in its grouped layout, {@link groupedShape}).
 */
export function defaultKernel(shape: number[], rng: Rng): tf.Tensor {
  return kaimingUniform(shape, { a: Math.sqrt(5), seed: rng });
}

/**
 * A depthwise kernel `[kh, kw, c, m]` as the convolution it is, `Conv2d(c, c·m, k, groups=c)`,
 * in TF.js's layout of a grouped kernel, `[kh, kw, in / groups, out]` = `[kh, kw, 1, c·m]`:
 * PyTorch's weight `[c·m, 1, kh, kw]` transposed, so every fan-based initializer computes
 * PyTorch's fans from it (fan in kh·kw, fan out c·m·kh·kw). Reshaped to `[kh, kw, c, m]`, its
 * column `i·m + j` becomes channel i's j-th filter, PyTorch's order.
 */
export function groupedShape(kh: number, kw: number, channels: number, multiplier: number): number[] {
  return [kh, kw, 1, channels * multiplier];
}

/** Throws a TypeError unless each named initializer option is absent or a function (checked before any tensor is made). */
export function checkInitializers(options: object, names: readonly string[], where: string): void {
  for (const name of names) {
    const init = (options as Record<string, unknown>)[name];
    if (init !== undefined && typeof init !== 'function') {
      throw new TypeError(`${where}: ${name} must be an initializer function (shape, {seed}) => Tensor, got ${typeof init}`);
    }
  }
}

/** PyTorch's bias default: U(−1/√fanIn, 1/√fanIn). */
export function defaultBias(shape: number[], fanIn: number, rng: Rng): tf.Tensor {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  return uniform(shape, { a: -bound, b: bound, seed: rng });
}

/** A given initializer, or the default, as a tensor of exactly `shape` (`note` explains the shape in the error). */
export function initTensor(init: Initializer | undefined, shape: number[], rng: Rng, fallback: () => tf.Tensor, where: string, name: string, note = ''): tf.Tensor {
  if (init === undefined) return fallback();
  if (typeof init !== 'function') throw new TypeError(`${where}: ${name} must be an initializer function (shape, {seed}) => Tensor, got ${typeof init}`);
  const t = init(shape, { seed: rng });
  if (!(t instanceof tf.Tensor) || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    const got = t instanceof tf.Tensor ? `[${t.shape.join(', ')}]` : typeof t;
    if (t instanceof tf.Tensor) t.dispose();
    throw new RangeError(`${where}: ${name} must return a tensor of shape [${shape.join(', ')}]${note}, got ${got}`);
  }
  return t;
}
