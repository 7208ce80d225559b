import type { Rng } from '@dl/core';
import { boxMask } from './erase.js';
import { blendSelect } from './internal/expand.js';
import { mixFactory, type Mix, type MixOptions } from './mixup.js';

/** CutMix's box for a drawn lambda (Yun et al. 2019's reference code): side sqrt(1 - lambda), centre uniform, clipped. */
export function cutmixBox(rng: Rng, H: number, W: number, lambda: number): [number, number, number, number] {
  const cut = Math.sqrt(1 - lambda);
  const cutH = Math.floor(H * cut);
  const cutW = Math.floor(W * cut);
  const cy = rng.int(H);
  const cx = rng.int(W);
  const y1 = Math.min(Math.max(cy - Math.floor(cutH / 2), 0), H);
  const y2 = Math.min(Math.max(cy + Math.floor(cutH / 2), 0), H);
  const x1 = Math.min(Math.max(cx - Math.floor(cutW / 2), 0), W);
  const x2 = Math.min(Math.max(cx + Math.floor(cutW / 2), 0), W);
  return [y1, x1, y2 - y1, x2 - x1];
}

/**
 * CutMix (Yun et al. 2019): lambda ~ Beta(alpha, alpha), one box per batch pasted from the paired
 * images, and lambda recomputed as the exact fraction of pixels kept, so the soft labels match the pixels.
 */
export function cutmix(options: MixOptions = {}): Mix {
  return mixFactory('cutmix', options, (images, partner, rng, drawn) => {
    const [n, H, W] = images.shape;
    const [top, left, h, w] = cutmixBox(rng, H, W, drawn);
    const all = (v: number) => Array.from({ length: n }, () => v);
    const mask = boxMask(images.shape, all(top), all(left), all(h), all(w));
    return { images: blendSelect(mask, partner, images), lambda: 1 - (h * w) / (H * W) };
  });
}
