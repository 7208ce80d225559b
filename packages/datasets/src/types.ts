import type { Tensor1D, Tensor4D } from '@tensorflow/tfjs-core';

export type Split = 'train' | 'test';

/** Mean and standard deviation of pixel values scaled to [0, 1]. */
export interface PixelStats {
  mean: number;
  std: number;
}

/** Which samples to load. Order is always the dataset's fixed order. */
export interface SubsetOptions {
  /** Default `'train'`. */
  split?: Split;
  /** Keep only these class ids (labels keep their original ids). */
  classes?: readonly number[];
  /** Keep the first `limit` samples (after class filtering). */
  limit?: number;
}

export interface TensorOptions {
  /**
   * `false` (default): pixels in [0, 1]. `true`: standardized with the
   * dataset's standard stats. `{ mean, std }`: `(x - mean) / std` with `x` in [0, 1].
   */
  normalize?: boolean | PixelStats;
}

/** Uint8 images and labels, before any tensor is made. */
export interface RawImageDataset {
  /** Name used in error messages, e.g. `'fashionMnist'`. */
  name: string;
  /** `count * height * width` grey levels 0–255, row-major, one image after another. */
  images: Uint8Array;
  /** `count` class ids, indexes into `classNames`. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  /** All class names of the dataset, indexed by label id. */
  classNames: string[];
  /** Standard pixel stats, used by `normalize: true`. */
  stats: PixelStats;
}

export interface ImageDataset {
  /** `[N, height, width, 1]` float32. */
  images: Tensor4D;
  /** `[N]` int32 class ids. */
  labels: Tensor1D;
  classNames: string[];
}
