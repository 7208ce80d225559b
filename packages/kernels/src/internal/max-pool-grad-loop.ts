import type { Geometry } from './geometry.js';

/**
 * Routes each dy to the first maximum of its window (row-major, as the stock
 * kernels and PyTorch choose); padding never wins. Windows without a value
 * above -Infinity pass no gradient.
 */
export function maxPoolGradLoop(dy: Float32Array, x: Float32Array, g: Geometry): Float32Array {
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const dx = new Float32Array(N * H * W * C);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let b = 0; b < N; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        best.fill(-Infinity);
        where.fill(-1);
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const xOff = ((b * H + iy) * W + ix) * C;
            for (let c = 0; c < C; c++) {
              const v = x[xOff + c]!;
              if (v > best[c]!) {
                best[c] = v;
                where[c] = xOff + c;
              }
            }
          }
        }
        const dyOff = ((b * OH + oy) * OW + ox) * C;
        for (let c = 0; c < C; c++) {
          const at = where[c]!;
          if (at >= 0) dx[at] = dx[at]! + dy[dyOff + c]!;
        }
      }
    }
  }
  return dx;
}
