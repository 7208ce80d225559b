import { tf, toRng } from '@dl/core';
import type { Rng, SeedLike } from '@dl/core';
import { assertImages, show } from './internal/check.js';
import type { Transform } from './transform.js';

export interface ComposeOptions {
  /** When given (or when a seed is passed to the call), each transform gets its own child generator split from it. */
  seed?: SeedLike;
}

/**
 * Chains transforms (torchvision.transforms.Compose). Intermediate batches are disposed. Seeded
 * (option or call), the pipeline splits one child generator per transform per call, so the same seed
 * gives the same batch; unseeded, each transform draws from its own generator.
 */
export function compose(transforms: readonly Transform[], options: ComposeOptions = {}): Transform {
  if (!Array.isArray(transforms) || !transforms.every((t) => typeof t === 'function')) {
    throw new TypeError(`compose: transforms must be an array of transforms, got ${show(transforms)}`);
  }
  const list = [...transforms];
  let own: Rng | undefined;
  if (options.seed !== undefined) toRng(options.seed, 'compose');
  return (images, callSeed) => {
    assertImages(images, 'compose');
    const rng = callSeed !== undefined ? toRng(callSeed, 'compose') : options.seed !== undefined ? (own ??= toRng(options.seed, 'compose')) : undefined;
    return tf.tidy(() => {
      let out = images;
      for (const t of list) out = t(out, rng?.split());
      return out === images ? tf.clone(images) : out;
    });
  };
}
