import type { Geometry } from './geometry.js';

/** Depthwise dx[n,iy,ix,ci] = sum over taps and q of dy[.., ci*m+q] * w[ky,kx,ci,q]. */
export function depthwiseInputGradLoop(dy: Float32Array, w: Float32Array, g: Geometry): Float32Array {
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW, oc: O, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const m = O / C;
  const dx = new Float32Array(N * H * W * C);
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
              for (let c = 0; c < C; c++) dx[xOff + c] = dx[xOff + c]! + w[wOff + c]! * dy[dyOff + c]!;
            } else {
              for (let c = 0; c < C; c++) {
                const o = c * m;
                let s = 0;
                for (let q = 0; q < m; q++) s += w[wOff + o + q]! * dy[dyOff + o + q]!;
                dx[xOff + c] = dx[xOff + c]! + s;
              }
            }
          }
        }
      }
    }
  }
  return dx;
}
