import type { Geometry } from './geometry.js';

/**
 * Spreads each dy evenly over the input pixels its window covered. The forward
 * avgPool of TF.js (cpu and wasm alike) divides by the number of pixels inside
 * the image, not the filter area, so the gradient does too: the stock
 * AvgPoolGrad kernels divide by the filter area and are wrong at 'same' borders.
 */
export function avgPoolGradLoop(dy: Float32Array, g: Geometry): Float32Array {
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const dx = new Float32Array(N * H * W * C);
  for (let b = 0; b < N; b++) {
    for (let oy = 0; oy < OH; oy++) {
      let rows = 0;
      for (let ky = 0; ky < KH; ky++) {
        const iy = oy * sh - top + ky * dh;
        if (iy >= 0 && iy < H) rows++;
      }
      for (let ox = 0; ox < OW; ox++) {
        let cols = 0;
        for (let kx = 0; kx < KW; kx++) {
          const ix = ox * sw - left + kx * dw;
          if (ix >= 0 && ix < W) cols++;
        }
        const count = rows * cols;
        if (count === 0) continue;
        const scale = 1 / count;
        const dyOff = ((b * OH + oy) * OW + ox) * C;
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const xOff = ((b * H + iy) * W + ix) * C;
            for (let c = 0; c < C; c++) dx[xOff + c] = dx[xOff + c]! + dy[dyOff + c]! * scale;
          }
        }
      }
    }
  }
  return dx;
}
