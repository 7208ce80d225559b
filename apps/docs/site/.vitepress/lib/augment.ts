// The augmentation gallery: every @dl/augment transform on the same real images.
import { tf } from '@dl/core';
import { colorJitter, cutmix, cutout, mixup, randomAffine, randomCrop, randomErasing, randomHorizontalFlip, randomLensDistortion, randomResizedCrop, randomVerticalFlip } from '@dl/augment';
import type { Transform } from '@dl/augment';
import type { RawImageDataset } from '@dl/datasets';

export interface GalleryRow {
  name: string;
  /** The call, as code. */
  call: string;
  /** [n, 28, 28, 1] in [0, 1]; the caller disposes it. */
  images: tf.Tensor4D;
  /** Soft labels of mixup / cutmix rows: the two largest classes per image. */
  labels?: string[];
}

/** `strength` in [0, 1] scales every transform's parameters. */
export function transforms(strength: number): { name: string; call: string; t: Transform }[] {
  const s = strength;
  const pad = Math.round(6 * s);
  const deg = Math.round(45 * s);
  return [
    { name: 'randomHorizontalFlip', call: 'randomHorizontalFlip({ p: 0.5 })', t: randomHorizontalFlip({ p: 0.5 }) },
    { name: 'randomVerticalFlip', call: 'randomVerticalFlip({ p: 0.5 })', t: randomVerticalFlip({ p: 0.5 }) },
    { name: 'randomCrop', call: `randomCrop({ size: 28, padding: ${pad} })`, t: randomCrop({ size: 28, padding: pad }) },
    { name: 'randomResizedCrop', call: `randomResizedCrop({ size: 28, scale: [${(1 - 0.8 * s).toFixed(2)}, 1] })`, t: randomResizedCrop({ size: 28, scale: [1 - 0.8 * s, 1] }) },
    { name: 'colorJitter', call: `colorJitter({ brightness: ${(0.8 * s).toFixed(2)}, contrast: ${(0.8 * s).toFixed(2)} })`, t: colorJitter({ brightness: 0.8 * s, contrast: 0.8 * s }) },
    { name: 'randomAffine', call: `randomAffine({ degrees: ${deg}, translate: [${(0.2 * s).toFixed(2)}, ${(0.2 * s).toFixed(2)}], scale: [${(1 - 0.3 * s).toFixed(2)}, ${(1 + 0.3 * s).toFixed(2)}], shear: ${Math.round(20 * s)} })`, t: randomAffine({ degrees: deg, translate: [0.2 * s, 0.2 * s], scale: [1 - 0.3 * s, 1 + 0.3 * s], shear: Math.round(20 * s) }) },
    { name: 'randomLensDistortion', call: `randomLensDistortion({ k1: ${(0.6 * s).toFixed(2)} })`, t: randomLensDistortion({ k1: 0.6 * s }) },
    { name: 'randomErasing', call: `randomErasing({ p: 1, scale: [0.02, ${(0.02 + 0.3 * s).toFixed(2)}] })`, t: randomErasing({ p: 1, scale: [0.02, 0.02 + 0.3 * s] }) },
    { name: 'cutout', call: `cutout({ size: ${Math.max(1, Math.round(14 * s))} })`, t: cutout({ size: Math.max(1, Math.round(14 * s)) }) },
  ];
}

function topLabels(soft: Float32Array | Int32Array | Uint8Array, n: number, k: number, names: readonly string[]): string[] {
  return Array.from({ length: n }, (_, i) => {
    const row = Array.from(soft.slice(i * k, (i + 1) * k)).map((p, c) => ({ p, c })).sort((a, b) => b.p - a.p).filter((x) => x.p > 0.005).slice(0, 2);
    return row.map((x) => `${(100 * x.p).toFixed(0)}% ${names[x.c]}`).join(' + ');
  });
}

/** The gallery's rows for `count` images picked by `seed`; `alpha` is mixup's / cutmix's Beta parameter. */
export async function gallery(data: RawImageDataset, o: { count: number; strength: number; alpha: number; seed: number }): Promise<GalleryRow[]> {
  let a = o.seed >>> 0;
  const pick = Array.from({ length: o.count }, () => ((a = (a * 1664525 + 1013904223) >>> 0) % data.count));
  const px = new Float32Array(o.count * 784);
  pick.forEach((idx, i) => {
    for (let j = 0; j < 784; j++) px[i * 784 + j] = data.images[idx * 784 + j]! / 255;
  });
  const labels = pick.map((idx) => data.labels[idx]!);
  const images = tf.tensor4d(px, [o.count, 28, 28, 1]);
  const y = tf.tensor1d(labels, 'int32');
  try {
    const rows: GalleryRow[] = [{ name: 'original', call: 'the images', images: tf.clone(images), labels: labels.map((l) => data.classNames[l]!) }];
    for (const { name, call, t } of transforms(o.strength)) rows.push({ name, call, images: t(images, o.seed) });
    for (const [name, mix] of [['mixup', mixup({ alpha: o.alpha, numClasses: 10 })], ['cutmix', cutmix({ alpha: o.alpha, numClasses: 10 })]] as const) {
      const r = mix(images, y, o.seed);
      const soft = await r.labels.data();
      rows.push({ name, call: `${name}({ alpha: ${o.alpha}, numClasses: 10 }) — λ = ${r.lambda.toFixed(2)}`, images: r.images, labels: topLabels(soft, o.count, 10, data.classNames) });
      r.labels.dispose();
    }
    return rows;
  } finally {
    tf.dispose([images, y]);
  }
}
