// Test-time augmentation with @dl/ensemble's `tta` on the zoo's Fashion-MNIST CNN (`fashion-cnn`,
// trained with flips and pad-2 crops): the plain prediction against the merged views.
import { tf } from '@dl/core';
import { fiveCrop, hflip, tenCrop } from '@dl/augment';
import { toTensors, type RawImageDataset } from '@dl/datasets';
import { tta, type Merge, type TtaOptions } from '@dl/ensemble';
import { loadPretrained } from '@dl/zoo';
import { mulberry32 } from './dl';

export const VIEWS = ['flip', 'five-crop', 'ten-crop'] as const;
export type ViewKind = (typeof VIEWS)[number];

export interface TtaDemoOptions {
  /** Test images scored (the first `count` of the 500 shipped). */
  count: number;
  views: string;
  /** Zero padding before the crops. */
  padding: number;
  /** fastai's beta as a string: 'none' (the plain image is one of the flip views), or a number in [0, 1]. */
  beta: string;
  merge: string;
  /** What the padding is: 'black' (as the zoo model was trained: pixel 0) or 'mean' (0 after standardising). */
  fill: string;
  /** Images drawn with their views. */
  shown: number;
  /** 'random' (picked by seed) or 'changed' (those whose prediction TTA changed first). */
  show: string;
  seed: number;
}

export interface ShownImage {
  index: number;
  label: number;
  plain: number[];
  tta: number[];
  plainSum: number;
  ttaSum: number;
}

export interface TtaResult {
  count: number;
  views: string;
  viewNames: string[];
  plainAccuracy: number;
  ttaAccuracy: number;
  /** Predictions TTA changed: to right, to wrong, between two wrong classes. */
  fixed: number;
  broken: number;
  changed: number;
  shown: ShownImage[];
  classNames: string[];
}

function viewNames(kind: ViewKind, beta: boolean): string[] {
  if (kind === 'flip') return beta ? ['mirror'] : ['image', 'mirror'];
  const five = ['top left', 'top right', 'bottom left', 'bottom right', 'centre'];
  return kind === 'five-crop' ? five : [...five, ...five.map((n) => `${n}, mirrored`)];
}

/**
 * Scores `tta(model, x, options)` against the plain prediction on the first `count` test images,
 * and returns the views of the shown images (pixels in [0, 1], what the model sees before
 * standardising; the caller disposes them) for drawing.
 */
export async function ttaRun(test: RawImageDataset, o: TtaDemoOptions, shouldStop: () => boolean): Promise<{ result: TtaResult; views: tf.Tensor4D[] } | null> {
  const kind: ViewKind = (VIEWS as readonly string[]).includes(o.views) ? (o.views as ViewKind) : 'flip';
  const count = Math.max(1, Math.min(Math.floor(o.count), test.count));
  const beta = o.beta === 'none' || o.beta === '' ? undefined : Math.min(1, Math.max(0, Number(o.beta)));
  // crops of the whole unpadded image would all be the same image (tta refuses them): at least 1
  const padding = Math.max(1, Math.floor(o.padding) || 0);
  const { mean, std } = test.stats;
  // With fill 'black' the images are scaled so that 0 is a black pixel (x / std): tta's zero
  // padding is then black, as in the model's training (randomCrop with fill -mean/std); the
  // predictor subtracts mean/std before the network.
  const black = o.fill !== 'mean';
  const shift = black ? mean / std : 0;
  const raw: RawImageDataset = { ...test, count, images: test.images.subarray(0, count * 784), labels: test.labels.subarray(0, count) };
  const labels = Array.from(raw.labels);
  const model = await loadPretrained('fashion-cnn'); // size and SHA-256 checked, eval mode
  const predictor = (v: tf.Tensor) => model.apply(shift ? tf.sub(v, shift) : v, { training: false });
  const made: tf.Tensor[] = [];
  try {
    const t = toTensors(raw, { normalize: black ? { mean: 0, std } : true });
    made.push(t.images, t.labels);
    const x = t.images;
    if (shouldStop()) return null;
    const plain = tf.tidy(() => {
      const parts: tf.Tensor[] = [];
      for (let s = 0; s < count; s += 100) parts.push(tf.softmax(predictor(tf.slice(x, s, Math.min(100, count - s)))));
      return tf.concat(parts, 0);
    });
    made.push(plain);
    const plainP = (await plain.data()) as Float32Array;
    await tf.nextFrame();
    if (shouldStop()) return null;
    const options: TtaOptions = { views: kind, merge: o.merge as Merge, batchSize: 100, ...(kind === 'flip' ? {} : { padding }), ...(beta === undefined ? {} : { beta }) };
    const merged = tta(predictor, x, options);
    made.push(merged);
    const ttaP = (await merged.data()) as Float32Array;
    await tf.nextFrame();
    if (shouldStop()) return null;

    const argmax = (p: Float32Array, i: number) => {
      let best = 0;
      for (let c = 1; c < 10; c++) if (p[i * 10 + c]! > p[i * 10 + best]!) best = c;
      return best;
    };
    let plainHits = 0;
    let ttaHits = 0;
    let fixed = 0;
    let broken = 0;
    let changed = 0;
    const changedIdx: number[] = [];
    for (let i = 0; i < count; i++) {
      const a = argmax(plainP, i);
      const b = argmax(ttaP, i);
      if (a === labels[i]) plainHits++;
      if (b === labels[i]) ttaHits++;
      if (a !== b) {
        changed++;
        changedIdx.push(i);
        if (b === labels[i]) fixed++;
        else if (a === labels[i]) broken++;
      }
    }
    // the images drawn: picked by seed, or those TTA changed first
    const k = Math.max(1, Math.min(Math.floor(o.shown), count, 8));
    const rand = mulberry32(o.seed);
    const pick: number[] = o.show === 'changed' ? changedIdx.slice(0, k) : [];
    while (pick.length < k) {
      const i = Math.floor(rand() * count);
      if (!pick.includes(i)) pick.push(i);
    }
    const row = (p: Float32Array, i: number) => Array.from(p.subarray(i * 10, i * 10 + 10));
    const shown: ShownImage[] = pick.map((i) => {
      const pl = row(plainP, i);
      const tt = row(ttaP, i);
      return { index: i, label: labels[i]!, plain: pl, tta: tt, plainSum: pl.reduce((s, v) => s + v, 0), ttaSum: tt.reduce((s, v) => s + v, 0) };
    });
    // the views of the drawn images, as tta makes them (same calls, same padding), back in [0, 1]
    const views = tf.tidy(() => {
      const xs = tf.gather(x, pick) as tf.Tensor4D;
      let vs: tf.Tensor4D[];
      if (kind === 'flip') vs = [xs, hflip(xs)];
      else {
        const padded = padding > 0 ? (tf.pad(xs, [[0, 0], [padding, padding], [padding, padding], [0, 0]]) as tf.Tensor4D) : xs;
        const crops = kind === 'five-crop' ? fiveCrop(padded, 28) : tenCrop(padded, 28);
        vs = [xs, ...crops];
      }
      return vs.map((v) => tf.clipByValue(tf.add(tf.mul(v, std), black ? 0 : mean), 0, 1) as tf.Tensor4D);
    });
    return {
      result: {
        count,
        views: kind,
        viewNames: ['image', ...viewNames(kind, beta !== undefined).filter((n) => n !== 'image')],
        plainAccuracy: plainHits / count,
        ttaAccuracy: ttaHits / count,
        fixed,
        broken,
        changed,
        shown,
        classNames: [...test.classNames],
      },
      views,
    };
  } finally {
    tf.dispose(made);
    model.dispose();
  }
}
