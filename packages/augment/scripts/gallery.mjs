// Writes docs/gallery.png: each @dl/augment transform applied to the same real Fashion-MNIST test images.
// Run from packages/augment after `pnpm build`: node scripts/gallery.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { tf, useBackend } from '@dl/core';
import { loadFashionMnist } from '@dl/datasets/node';
import * as A from '@dl/augment';

await useBackend('cpu');
const COLS = 8;
const ZOOM = 3;
const { images: gray } = await loadFashionMnist({ split: 'test', limit: 8 * 10, classes: [0, 1, 2, 3, 5, 7, 8, 9] });
// Eight test images, tinted so saturation and hue have something to act on.
const tints = [[1, 0.45, 0.3], [0.3, 0.7, 1], [0.5, 1, 0.4], [1, 0.85, 0.3], [0.8, 0.4, 1], [0.35, 1, 0.9], [1, 0.5, 0.75], [0.95, 0.95, 0.95]];
const picks = tf.tensor1d(Array.from({ length: COLS }, (_, i) => i * 10), 'int32');
const x = tf.tidy(() => tf.mul(tf.gather(gray, picks), tf.reshape(tf.tensor2d(tints), [COLS, 1, 1, 3])));
const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');

const rows = [
  ['original', (im) => tf.clone(im)],
  ['hflip', (im) => A.hflip(im)],
  ['randomCrop({size: 28, padding: 4})', (im) => A.randomCrop({ size: 28, padding: 4 })(im, 1)],
  ["randomCrop({size: 28, padding: 6, paddingMode: 'reflect'})", (im) => A.randomCrop({ size: 28, padding: 6, paddingMode: 'reflect' })(im, 2)],
  ['randomResizedCrop({size: 28})', (im) => A.randomResizedCrop({ size: 28 })(im, 3)],
  ['scaleAugment({minSize: 28, maxSize: 48, size: 28})', (im) => A.scaleAugment({ minSize: 28, maxSize: 48, size: 28 })(im, 4)],
  ['colorJitter({brightness: 0.5, contrast: 0.5, saturation: 0.8, hue: 0.3})', (im) => A.colorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.8, hue: 0.3 })(im, 5)],
  ['adjustHue(x, [-0.4 ... 0.4])', (im) => A.adjustHue(im, [-0.4, -0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.4])],
  ['randomAffine({degrees: 30, translate: [0.1, 0.1], scale: [0.8, 1.2], shear: 15})', (im) => A.randomAffine({ degrees: 30, translate: [0.1, 0.1], scale: [0.8, 1.2], shear: 15 })(im, 6)],
  ['lensDistortion({k1: 0.4}) (barrel)', (im) => A.lensDistortion(im, { k1: 0.4 })],
  ['lensDistortion({k1: -0.3}) (pincushion)', (im) => A.lensDistortion(im, { k1: -0.3 })],
  ['randomErasing({p: 1})', (im) => A.randomErasing({ p: 1 })(im, 7)],
  ["randomErasing({p: 1, value: 'random'})", (im) => tf.clipByValue(A.randomErasing({ p: 1, value: 'random' })(im, 8), 0, 1)],
  ['cutout({size: 12})', (im) => A.cutout({ size: 12 })(im, 9)],
  ['mixup({alpha: 1})', (im) => A.mixup({ alpha: 1, numClasses: 8 })(im, labels, 10).images],
  ['cutmix({alpha: 1})', (im) => A.cutmix({ alpha: 1, numClasses: 8 })(im, labels, 11).images],
  ['normalize (shown rescaled)', (im) => tf.div(tf.sub(A.normalize(im, 0.2860, 0.3530), -0.81), 2.84 + 0.81)],
];

// One PNG: a row per transform, COLS images per row, 2-pixel gaps, zoomed.
const cell = 28 * ZOOM;
const gap = 2 * ZOOM;
const width = COLS * (cell + gap) + gap;
const height = rows.length * (cell + gap) + gap;
const rgb = new Uint8Array(width * height * 3).fill(255);
for (const [r, [name, fn]] of rows.entries()) {
  const out = tf.tidy(() => fn(x));
  const v = await out.data();
  out.dispose();
  for (let n = 0; n < COLS; n++)
    for (let i = 0; i < 28 * ZOOM; i++)
      for (let j = 0; j < 28 * ZOOM; j++) {
        const src = ((n * 28 + Math.floor(i / ZOOM)) * 28 + Math.floor(j / ZOOM)) * 3;
        const dst = ((gap + r * (cell + gap) + i) * width + gap + n * (cell + gap) + j) * 3;
        for (let c = 0; c < 3; c++) rgb[dst + c] = Math.round(255 * Math.min(1, Math.max(0, v[src + c])));
      }
  console.log(`row ${r + 1}: ${name}`);
}

function png(w, h, pixels) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const raw = Buffer.alloc(h * (1 + w * 3));
  for (let y = 0; y < h; y++) Buffer.from(pixels.buffer, pixels.byteOffset + y * w * 3, w * 3).copy(raw, y * (1 + w * 3) + 1);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const file = new URL('../docs/gallery.png', import.meta.url);
writeFileSync(file, png(width, height, rgb));
console.log(`wrote ${file.pathname} (${width} x ${height})`);
tf.dispose([gray, x, picks, labels]);
