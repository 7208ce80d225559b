import type { Rng, SeedLike } from '@dl/core';
import { checkFill, checkInterval, checkNonNegative, checkOneOf, checkProbability, roundHalfEven, show } from './internal/check.js';
import { applyInverseAffine, inverseAffineMatrix } from './internal/affine-grid.js';
import type { Interpolation } from './internal/sample.js';
import { selectImages } from './internal/select.js';
import { drawApplied, randomTransform, uniform, type Transform } from './transform.js';

export interface RandomAffineOptions {
  /** Rotation range in degrees: d for [-d, d], or `[min, max]`. */
  degrees: number | readonly [number, number];
  /** Maximum translation as fractions `[a, b]` of width and height. Default none. */
  translate?: readonly [number, number];
  /** Scale range `[min, max]`. Default none (1). */
  scale?: readonly [number, number];
  /** Shear in degrees: s for x in [-s, s], `[min, max]` for x, or `[xmin, xmax, ymin, ymax]`. Default none. */
  shear?: number | readonly number[];
  /** `'nearest'` (default) or `'bilinear'`. */
  interpolation?: Interpolation;
  /** Value outside the source image: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
  /** Probability of transforming each image. Default 1. */
  p?: number;
  seed?: SeedLike;
}

export interface AffineParams {
  angle: number;
  translate: [number, number];
  scale: number;
  shear: [number, number];
}

/** torchvision's RandomAffine.get_params, with the same ranges. */
export function affineParams(rng: Rng, H: number, W: number, degrees: [number, number], translate?: readonly [number, number], scale?: readonly [number, number], shear?: readonly number[]): AffineParams {
  const angle = uniform(rng, degrees[0], degrees[1]);
  let tx = 0;
  let ty = 0;
  if (translate) {
    const maxDx = translate[0] * W;
    const maxDy = translate[1] * H;
    tx = roundHalfEven(uniform(rng, -maxDx, maxDx));
    ty = roundHalfEven(uniform(rng, -maxDy, maxDy));
  }
  const s = scale ? uniform(rng, scale[0], scale[1]) : 1;
  let shx = 0;
  let shy = 0;
  if (shear) {
    shx = uniform(rng, shear[0]!, shear[1]!);
    if (shear.length === 4) shy = uniform(rng, shear[2]!, shear[3]!);
  }
  return { angle, translate: [tx, ty], scale: s, shear: [shx, shy] };
}

/**
 * Random rotation, translation, scale and shear per image (torchvision.transforms.RandomAffine, parameters
 * drawn per image); the batch moves in one gather (nearest) or four (bilinear).
 */
export function randomAffine(options: RandomAffineOptions): Transform {
  const fn = 'randomAffine';
  const deg = options?.degrees;
  const degrees: [number, number] = typeof deg === 'number' ? [-checkNonNegative(deg, fn, 'degrees'), deg] : checkInterval(deg, fn, 'degrees');
  const translate = options.translate;
  if (translate !== undefined && !(Array.isArray(translate) && translate.length === 2 && translate.every((v) => typeof v === 'number' && v >= 0 && v <= 1))) {
    throw new RangeError(`${fn}: translate must be [a, b] with both in [0, 1], got ${show(translate)}`);
  }
  const scale = options.scale === undefined ? undefined : checkInterval(options.scale, fn, 'scale', Number.MIN_VALUE);
  let shear: number[] | undefined;
  const sh = options.shear;
  if (typeof sh === 'number') shear = [-checkNonNegative(sh, fn, 'shear'), sh];
  else if (sh !== undefined) {
    if (!Array.isArray(sh) || (sh.length !== 2 && sh.length !== 4) || !sh.every(Number.isFinite) || sh[0]! > sh[1]! || (sh.length === 4 && sh[2]! > sh[3]!)) {
      throw new RangeError(`${fn}: shear must be a number >= 0, [min, max] or [xmin, xmax, ymin, ymax], got ${show(sh)}`);
    }
    shear = [...sh];
  }
  const interpolation = checkOneOf(options.interpolation ?? 'nearest', ['nearest', 'bilinear'], fn, 'interpolation');
  const fillOpt = options.fill ?? 0;
  const p = checkProbability(options.p ?? 1, fn);
  return randomTransform(fn, options.seed, (images, rng) => {
    const [n, H, W, C] = images.shape;
    const fill = checkFill(fillOpt, C, fn);
    const params = Array.from({ length: n }, () => affineParams(rng, H, W, degrees, translate, scale, shear));
    const applied = drawApplied(rng, n, p);
    const matrices = params.map((q) => inverseAffineMatrix(q.angle, q.translate[0], q.translate[1], q.scale, q.shear[0], q.shear[1]));
    return selectImages(applied, applyInverseAffine(images, matrices, interpolation, fill), images);
  });
}
