import type { RawImageDataset } from '../types.js';
import type { ResolvedSubset } from './options.js';

/**
 * Applies `classes` then `limit`, keeping order. Returns views when the result
 * is a prefix of the input (the common no-filter / limit-only case), copies otherwise.
 */
export function selectSamples(
  raw: RawImageDataset,
  subset: Pick<ResolvedSubset, 'classes' | 'limit'>,
): RawImageDataset {
  const { classes, limit } = subset;
  const pixels = raw.height * raw.width;

  if (classes === null) {
    const count = Math.min(raw.count, limit);
    if (count === raw.count) return raw;
    return {
      ...raw,
      count,
      images: raw.images.subarray(0, count * pixels),
      labels: raw.labels.subarray(0, count),
    };
  }

  const picked: number[] = [];
  for (let i = 0; i < raw.count && picked.length < limit; i++) {
    if (classes.has(raw.labels[i] ?? -1)) picked.push(i);
  }
  const images = new Uint8Array(picked.length * pixels);
  const labels = new Uint8Array(picked.length);
  picked.forEach((src, dst) => {
    images.set(raw.images.subarray(src * pixels, (src + 1) * pixels), dst * pixels);
    labels[dst] = raw.labels[src] ?? 0;
  });
  return { ...raw, count: picked.length, images, labels };
}
