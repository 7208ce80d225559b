import { tf } from '@dl/core';
import { assertImages, checkFill, checkOneOf, perImage, show } from './internal/check.js';
import { applyInverseAffine, inverseAffineMatrix } from './internal/affine-grid.js';
import type { Interpolation } from './internal/sample.js';

/** A pair, or one pair per image. */
export type PairOrPairs = readonly [number, number] | readonly (readonly [number, number])[];

export interface AffineOptions {
  /** Rotation in degrees, clockwise on screen (torchvision's sign). One number or one per image. Default 0. */
  angle?: number | readonly number[];
  /** Translation `[tx, ty]` in pixels, or one pair per image. Default `[0, 0]`. */
  translate?: PairOrPairs;
  /** Scale factor (> 0), one number or one per image. Default 1. */
  scale?: number | readonly number[];
  /** Shear in degrees: `sx` (then `sy` = 0), `[sx, sy]`, or one pair per image. Default 0. */
  shear?: number | PairOrPairs;
  /** `'nearest'` (default, as torchvision) or `'bilinear'`. */
  interpolation?: Interpolation;
  /** Value outside the source image: a number or one per channel. Omitted: zeros (torchvision's `fill=None`). */
  fill?: number | readonly number[];
}

export function pairs(x: unknown, n: number, fn: string, name: string): [number, number][] {
  const isPair = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (isPair(x)) return Array.from({ length: n }, () => [x[0], x[1]]);
  if (Array.isArray(x) && x.length === n && x.every(isPair)) return x.map((p: [number, number]) => [p[0], p[1]]);
  throw new RangeError(`${fn}: ${name} must be a pair of finite numbers or one pair per image (${n}), got ${show(x)}`);
}

/**
 * Rotates, translates, scales and shears every image about its centre
 * (torchvision.transforms.functional.affine on tensors, same matrix, same sampling grid).
 * Each parameter is one value for the batch or one per image; all images move in one gather per corner.
 */
export function affine(images: tf.Tensor4D, options: AffineOptions = {}): tf.Tensor4D {
  assertImages(images, 'affine');
  const n = images.shape[0];
  const angle = perImage(options.angle ?? 0, n, 'affine', 'angle');
  const translate = pairs(options.translate ?? [0, 0], n, 'affine', 'translate');
  const scale = perImage(options.scale ?? 1, n, 'affine', 'scale', (v) => Number.isFinite(v) && v > 0, 'a finite number > 0');
  const shearOpt = options.shear ?? 0;
  const shear = typeof shearOpt === 'number' ? pairs([shearOpt, 0], n, 'affine', 'shear') : pairs(shearOpt, n, 'affine', 'shear');
  const interpolation = checkOneOf(options.interpolation ?? 'nearest', ['nearest', 'bilinear'], 'affine', 'interpolation');
  const fill = options.fill === undefined ? undefined : checkFill(options.fill, images.shape[3], 'affine');
  const matrices = angle.map((a, i) => inverseAffineMatrix(a, translate[i]![0], translate[i]![1], scale[i]!, shear[i]![0], shear[i]![1]));
  return applyInverseAffine(images, matrices, interpolation, fill);
}
