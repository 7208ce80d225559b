import type { tf } from '@dl/core';

/** Whether a parameter is left out of weight decay: rank <= 1 (biases, batch-norm gamma/beta; timm's and fastai's default) or listed. */
export function noDecay(name: string, v: tf.Variable, exclude1d: boolean, listed: ReadonlySet<string>): boolean {
  return (exclude1d && v.rank <= 1) || listed.has(name);
}
