import type { Geometry } from './geometry.js';

/**
 * Routes each dy to the first maximum of its window (row-major, as the stock
 * kernels and PyTorch choose); padding never wins. Windows without a value
 * above -Infinity pass no gradient.
 *
 * Per output pixel the window's in-bounds taps are listed once, then each
 * channel scans them with its running maximum in locals: no per-pixel arrays
 * to fill, which made the loop several times slower.
 */
export function maxPoolGradLoop(dy: Float32Array, x: Float32Array, g: Geometry): Float32Array {
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const dx = new Float32Array(N * H * W * C);
  const taps = new Int32Array(KH * KW);
  for (let b = 0; b < N; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        let count = 0;
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= W) continue;
            taps[count++] = ((b * H + iy) * W + ix) * C;
          }
        }
        const dyOff = ((b * OH + oy) * OW + ox) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let t = 0; t < count; t++) {
            const i = taps[t]! + c;
            const v = x[i]!;
            if (v > best) {
              best = v;
              at = i;
            }
          }
          if (at >= 0) dx[at] = dx[at]! + dy[dyOff + c]!;
        }
      }
    }
  }
  return dx;
}

/**
 * {@link maxPoolGradLoop} for 2x2 windows at stride 2 that tile the input exactly (nearly every
 * CNN's pooling), writing every element of `dx`. The window max is taken with Math.max and the
 * first tap equal to it is picked with arithmetic on the comparisons, not branches: on random
 * data the general loop's `v > best` mispredicts about half the time, which made it 3-4x slower.
 */
export function maxPoolGradTiled2x2Loop(dy: Float32Array, x: Float32Array, g: Geometry, dx: Float32Array): void {
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW } = g;
  const row = W * C;
  let d = 0;
  for (let b = 0; b < N; b++) {
    for (let oy = 0; oy < OH; oy++) {
      let i0 = (b * H + 2 * oy) * row;
      for (let ox = 0; ox < OW; ox++, i0 += 2 * C, d += C) {
        const i1 = i0 + C;
        const i2 = i0 + row;
        const i3 = i2 + C;
        for (let c = 0; c < C; c++) {
          const v0 = x[i0 + c]!;
          const v1 = x[i1 + c]!;
          const v2 = x[i2 + c]!;
          const v3 = x[i3 + c]!;
          const m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
          const grad = dy[d + c]!;
          // e_k = 1 for the first tap equal to the max, 0 elsewhere (all 0 for a NaN window).
          const e0 = +(v0 === m);
          let rest = 1 - e0;
          const e1 = +(v1 === m) * rest;
          rest -= e1;
          const e2 = +(v2 === m) * rest;
          rest -= e2;
          const e3 = +(v3 === m) * rest;
          dx[i0 + c] = grad * e0;
          dx[i1 + c] = grad * e1;
          dx[i2 + c] = grad * e2;
          dx[i3 + c] = grad * e3;
        }
      }
    }
  }
}
