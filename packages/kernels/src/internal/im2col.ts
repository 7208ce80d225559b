import type { Geometry } from './geometry.js';

/** cols[m, (ky*kw + kx)*c + ci] for the images b0 .. b0+nb-1 (zeros where the tap is padding). */
export function im2col(cols: Float32Array, x: Float32Array, g: Geometry, b0: number, nb: number): void {
  const { h: H, w: W, c: C, oh: OH, ow: OW, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const K = KH * KW * C;
  let row = 0;
  for (let b = b0; b < b0 + nb; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, row += K) {
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - top + ky * dh;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - left + kx * dw;
            const to = row + (ky * KW + kx) * C;
            if (iy < 0 || iy >= H || ix < 0 || ix >= W) {
              cols.fill(0, to, to + C);
            } else {
              const from = ((b * H + iy) * W + ix) * C;
              for (let ci = 0; ci < C; ci++) cols[to + ci] = x[from + ci]!;
            }
          }
        }
      }
    }
  }
}

/**
 * The transpose of im2col: colsT[(ky*kw + kx)*c + ci, m]. Image by image (its values stay in
 * cache) and channel by channel, so each row of colsT is written in one contiguous run: writing
 * a pixel's channels to C rows M apart thrashed the cache and the TLB.
 */
export function im2colT(cols: Float32Array, x: Float32Array, g: Geometry, b0: number, nb: number): void {
  const { h: H, w: W, c: C, oh: OH, ow: OW, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const M = nb * OH * OW;
  for (let b = b0; b < b0 + nb; b++) {
    const xImage = b * H * W * C;
    const mImage = (b - b0) * OH * OW;
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const kBase = (ky * KW + kx) * C;
        for (let ci = 0; ci < C; ci++) {
          let to = (kBase + ci) * M + mImage;
          for (let oy = 0; oy < OH; oy++) {
            const iy = oy * sh - top + ky * dh;
            if (iy < 0 || iy >= H) {
              cols.fill(0, to, to + OW);
              to += OW;
              continue;
            }
            const xRow = xImage + iy * W * C + ci;
            for (let ox = 0; ox < OW; ox++, to++) {
              const ix = ox * sw - left + kx * dw;
              cols[to] = ix >= 0 && ix < W ? x[xRow + ix * C]! : 0;
            }
          }
        }
      }
    }
  }
}

/** Adds dcols[m, (ky*kw + kx)*c + ci] back into dx (the adjoint of im2col). */
export function col2imAdd(dx: Float32Array, dcols: Float32Array, g: Geometry, b0: number, nb: number): void {
  const { h: H, w: W, c: C, oh: OH, ow: OW, kh: KH, kw: KW, sh, sw, dh, dw, top, left } = g;
  const K = KH * KW * C;
  let row = 0;
  for (let b = b0; b < b0 + nb; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++, row += K) {
        for (let ky = 0; ky < KH; ky++) {
          const iy = oy * sh - top + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < KW; kx++) {
            const ix = ox * sw - left + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const from = row + (ky * KW + kx) * C;
            const to = ((b * H + iy) * W + ix) * C;
            for (let ci = 0; ci < C; ci++) dx[to + ci] = dx[to + ci]! + dcols[from + ci]!;
          }
        }
      }
    }
  }
}

/** Rows [r0, r0+rows) of a row-major [*, cols] matrix, transposed into out [cols, rows]. */
export function transposeRows(out: Float32Array, src: Float32Array, r0: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const from = (r0 + r) * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = src[from + c]!;
  }
}

/** How many images fit in a column buffer of `budget` floats (at least one). */
export function imagesPerChunk(g: Geometry, budget: number): number {
  return Math.max(1, Math.min(g.n, Math.floor(budget / Math.max(1, g.kh * g.kw * g.c * g.oh * g.ow))));
}
