import type { Geometry } from './geometry.js';

/**
 * dW[kh,kw,ci,co] = sum over n,oh,ow of x[n, oh*sh - top + kh*dh, ..., ci] * dy[n,oh,ow,co].
 * Rank-1 updates with the output-channel loop innermost (contiguous in dy and dW),
 * four input channels at a time so each dy load feeds four accumulators; float64
 * accumulators keep the long sums as accurate as the stock kernel's.
 */
export function conv2dFilterGradLoop(x: Float32Array, dy: Float32Array, g: Geometry): Float32Array {
  const { n: N, h: H, w: W, c: C, oh: OH, ow: OW, oc: O, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const acc = new Float64Array(KH * KW * C * O);
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
            const wOff = (ky * KW + kx) * C * O;
            let ci = 0;
            for (; ci + 4 <= C; ci += 4) {
              const x0 = x[xOff + ci]!;
              const x1 = x[xOff + ci + 1]!;
              const x2 = x[xOff + ci + 2]!;
              const x3 = x[xOff + ci + 3]!;
              const o0 = wOff + ci * O;
              const o1 = o0 + O;
              const o2 = o1 + O;
              const o3 = o2 + O;
              for (let j = 0; j < O; j++) {
                const d = dy[dyOff + j]!;
                acc[o0 + j] = acc[o0 + j]! + x0 * d;
                acc[o1 + j] = acc[o1 + j]! + x1 * d;
                acc[o2 + j] = acc[o2 + j]! + x2 * d;
                acc[o3 + j] = acc[o3 + j]! + x3 * d;
              }
            }
            for (; ci < C; ci++) {
              const xv = x[xOff + ci]!;
              if (xv === 0) continue;
              const o0 = wOff + ci * O;
              for (let j = 0; j < O; j++) acc[o0 + j] = acc[o0 + j]! + xv * dy[dyOff + j]!;
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}
