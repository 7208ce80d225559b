import { tf } from '@dl/core';
import { fiveCrop, hflip, multiScaleCrops, tenCrop } from '@dl/augment';
import { Module } from '@dl/layers';
import { checkInt, checkNumberIn, checkOptions, show } from './internal/checks.js';
import { checkMerge, Merger } from './internal/merge.js';
import type { Merge, Space } from './internal/merge.js';
import { predictAll } from './internal/predict.js';
import type { Predictor } from './internal/predict.js';

/** Multi-scale testing (ResNet's): resize the shorter side to each scale, then ten crops (five without `flips`) of `size`. */
export interface MultiScaleViews {
  scales: readonly number[];
  size: number | readonly [number, number];
  flips?: boolean;
}

export type TtaViews = 'flip' | 'five-crop' | 'ten-crop' | MultiScaleViews;

export interface TtaOptions {
  /**
   * The views (default `'flip'`): the image and its mirror; `'five-crop'` / `'ten-crop'` (seed
   * 001's 10-crop testing: corners and centre of `size`, and their mirrors) from the images
   * zero-padded by `padding`; or multi-scale crops.
   */
  views?: TtaViews;
  /** Crop size of `'five-crop'` / `'ten-crop'` (default: the input's size, which needs `padding`). */
  size?: number | readonly [number, number];
  /** Zero padding on each side before `'five-crop'` / `'ten-crop'` (default 0). */
  padding?: number;
  merge?: Merge;
  space?: Space;
  power?: number;
  /**
   * fastai's `tta(beta)`: `lerp(augmented, plain, beta) = augmented + beta (plain − augmented)`,
   * where `augmented` merges the views (without the plain image) and `plain` is the prediction on
   * `x` itself; in [0, 1]. fastai's default is 0.25. Default: no blending.
   */
  beta?: number;
  /** Batch size of the forward passes (default 256). */
  batchSize?: number;
}

const KEYS = ['views', 'size', 'padding', 'merge', 'space', 'power', 'beta', 'batchSize'] as const;

function pair(v: unknown, name: string): [number, number] {
  const p = typeof v === 'number' ? [v, v] : Array.isArray(v) && v.length === 2 ? v : undefined;
  if (!p || !p.every((x) => Number.isInteger(x) && x >= 1)) throw new RangeError(`tta: ${name} must be an integer >= 1 or [height, width], got ${show(v)}`);
  return p as [number, number];
}

/**
 * Test-time augmentation: the model's predictions `[N, C]` on several views of each image,
 * merged (`ensemblePredict`'s merges) and optionally blended with the plain prediction (fastai's
 * `beta`). Views come from @dl/augment's `hflip`, `fiveCrop`, `tenCrop` and `multiScaleCrops`;
 * the model runs in eval mode, `batchSize` images at a time. Options are checked before any
 * tensor is made; every tensor made here is freed, also when the model throws.
 */
export function tta(model: Predictor, x: tf.Tensor4D, options: TtaOptions = {}): tf.Tensor {
  const fn = 'tta';
  if (!(model instanceof Module) && typeof model !== 'function') throw new TypeError(`${fn}: model must be a Module or a function of a batch, got ${show(model)}`);
  const o = checkOptions(fn, options, KEYS);
  const spec = checkMerge(fn, o);
  const batchSize = checkInt(fn, 'batchSize', o.batchSize, 1, 256);
  const beta = o.beta === undefined ? undefined : checkNumberIn(fn, 'beta', o.beta, 0, 1);
  if (!(x instanceof tf.Tensor) || x.rank !== 4 || x.shape[0] === 0) throw new TypeError(`${fn}: x must be a non-empty NHWC batch [N, H, W, C], got ${show(x instanceof tf.Tensor ? x.shape : x)}`);
  const views = o.views ?? 'flip';
  const [, H, W] = x.shape;
  const padding = checkInt(fn, 'padding', o.padding, 0, 0);
  let crop: [number, number] | undefined;
  if (views === 'five-crop' || views === 'ten-crop') {
    crop = o.size === undefined ? [H, W] : pair(o.size, 'size');
    if (crop[0] > H + 2 * padding || crop[1] > W + 2 * padding) throw new RangeError(`${fn}: size [${crop.join(', ')}] is larger than the padded images [${H + 2 * padding}, ${W + 2 * padding}]`);
    if (crop[0] === H + 2 * padding && crop[1] === W + 2 * padding) {
      throw new RangeError(`${fn}: views '${views}' of size [${crop.join(', ')}] from images of that size are all the same image: give padding or a smaller size`);
    }
  } else if (views !== 'flip') {
    if (views === null || typeof views !== 'object' || !Array.isArray(views.scales)) {
      throw new RangeError(`${fn}: views must be 'flip', 'five-crop', 'ten-crop' or {scales, size, flips}, got ${show(views)}`);
    }
    if (o.size !== undefined || o.padding !== undefined) throw new RangeError(`${fn}: size and padding apply to 'five-crop' / 'ten-crop'; multi-scale views take views.size`);
  }
  if (views === 'flip' && (o.size !== undefined || o.padding !== undefined)) throw new RangeError(`${fn}: size and padding apply to 'five-crop' / 'ten-crop', not 'flip'`);

  const merger = new Merger(spec, fn);
  try {
    const add = (v: tf.Tensor): void => {
      const out = predictAll(model, v, batchSize, fn);
      try {
        merger.add(out);
      } finally {
        out.dispose();
      }
    };
    const each = (make: () => tf.Tensor[]): void => {
      const vs = make();
      try {
        for (const v of vs) add(v);
      } finally {
        tf.dispose(vs);
      }
    };
    if (views === 'flip') {
      if (beta === undefined) add(x);
      each(() => [hflip(x)]);
    } else if (crop) {
      const c = crop;
      each(() =>
        tf.tidy(() => {
          const padded = padding > 0 ? (tf.pad(x, [[0, 0], [padding, padding], [padding, padding], [0, 0]]) as tf.Tensor4D) : x;
          return views === 'five-crop' ? fiveCrop(padded, c) : tenCrop(padded, c);
        }),
      );
    } else {
      const ms = views as MultiScaleViews;
      each(() =>
        tf.tidy(() => {
          const all = multiScaleCrops(x, { scales: ms.scales, size: ms.size, flips: ms.flips ?? true });
          const k = all.shape[0] / x.shape[0];
          return tf.split(all, k, 0);
        }),
      );
    }
    const augmented = merger.result();
    if (beta === undefined) return augmented;
    try {
      const plain = predictAll(model, x, batchSize, fn);
      try {
        return tf.tidy(() => {
          const p = spec.space === 'probs' ? tf.softmax(plain) : plain;
          return tf.add(augmented, tf.mul(tf.sub(p, augmented), beta));
        });
      } finally {
        plain.dispose();
      }
    } finally {
      augmented.dispose();
    }
  } finally {
    merger.dispose();
  }
}
