import type { Geometry } from './geometry.js';

/** Depthwise dW[ky,kx,ci,q] (channel multiplier m = oc / c; dy channel ci*m+q). */
export function depthwiseFilterGradLoop(x: Float32Array, dy: Float32Array, g: Geometry): Float32Array {
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW, oc: O, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const m = O / C;
  const acc = new Float64Array(KH * KW * O);
  for (let b = 0; b < N; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyOff = ((b * OH + oy) * OW + ox) * O;
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const xOff = ((b * H + iy) * W + ix) * C;
            const wOff = (ky * KW + kx) * O;
            if (m === 1) {
              for (let c = 0; c < C; c++) acc[wOff + c] = acc[wOff + c]! + x[xOff + c]! * dy[dyOff + c]!;
            } else {
              for (let c = 0; c < C; c++) {
                const xv = x[xOff + c]!;
                const o = c * m;
                for (let q = 0; q < m; q++) acc[wOff + o + q] = acc[wOff + o + q]! + xv * dy[dyOff + o + q]!;
              }
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}
