import type { SeedLike, tf } from '@dl/core';

/** What every random initialiser accepts besides its own options. */
export interface RandomOptions {
  /** A seed or an `Rng` (from `@dl/core`); the same seed gives the same tensor on every backend. */
  seed?: SeedLike;
  /** Only `'float32'`: PyTorch's random fills refuse integer tensors too. */
  dtype?: 'float32';
}

/** An initialiser: a shape (TF.js layout) and options in, a new tensor out. */
export type Initializer<O extends object = object> = (shape: number[], options?: O) => tf.Tensor;
