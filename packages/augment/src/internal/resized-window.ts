import { tf } from '@dl/core';
import { linearInPixel, perImageMap } from './expand.js';
import { samplePixels, type Interpolation } from './sample.js';

export interface Windows {
  /** Source window per image: top row, left column, height, width (integers inside the image). */
  top: number[];
  left: number[];
  height: number[];
  width: number[];
  /** Size each window is resized to (the full resized image) and the crop offset inside it. */
  outHeight: number[];
  outWidth: number[];
  offsetY: number[];
  offsetX: number[];
}

/**
 * Crop-resize-crop for the whole batch in one gather per corner: output pixel i of image n reads
 * the window's row top + clamp((offsetY + i + 0.5) * height / outHeight - 0.5, 0, height - 1),
 * which is F.interpolate's align_corners=False arithmetic (nearest: floor((offsetY + i) * scale)).
 */
export function resizedWindows(images: tf.Tensor4D, win: Windows, h: number, w: number, interpolation: Interpolation): tf.Tensor4D {
  return tf.tidy(() => {
    const zeros = win.top.map(() => 0);
    const ones = win.top.map(() => 1);
    const half = interpolation === 'bilinear' ? 0.5 : 0;
    const axis = (pos: tf.Tensor, start: number[], size: number[], out: number[]) => {
      const scale = perImageMap(size.map((s, i) => Math.fround(s / out[i]!)), h, w);
      const src = interpolation === 'bilinear' ? tf.relu(tf.sub(tf.mul(pos, scale), 0.5)) : tf.floor(tf.mul(pos, scale));
      return tf.add(tf.minimum(src, perImageMap(size.map((s) => s - 1), h, w)), perImageMap(start, h, w)) as tf.Tensor3D;
    };
    // (offset + i + 0.5) exactly, as a per-image linear function of the pixel position.
    const py = linearInPixel(h, w, zeros, ones, win.offsetY.map((o) => o + half));
    const px = linearInPixel(h, w, ones, zeros, win.offsetX.map((o) => o + half));
    return samplePixels(images, axis(py, win.top, win.height, win.outHeight), axis(px, win.left, win.width, win.outWidth), interpolation, undefined, true);
  });
}
