import { gemmABt } from './gemm-abt.js';
import type { Geometry } from './geometry.js';
import { col2imAdd, im2col, im2colT, imagesPerChunk, transposeRows } from './im2col.js';

// Column buffers are kept under this many floats (16 MB) by working on batch chunks.
const CHUNK_FLOATS = 1 << 22;

/** y[m, o] = cols[m, :] · wᵀ[o, :]: the forward convolution (cpu). */
export function conv2dForwardGemm(x: Float32Array, w: Float32Array, g: Geometry): Float32Array {
  const K = g.kh * g.kw * g.c;
  const O = g.oc;
  const wT = new Float32Array(K * O);
  transposeRows(wT, w, 0, K, O);
  const perImage = g.oh * g.ow;
  const y = new Float32Array(g.n * perImage * O);
  const images = imagesPerChunk(g, CHUNK_FLOATS);
  const cols = new Float32Array(images * perImage * K);
  for (let b0 = 0; b0 < g.n; b0 += images) {
    const nb = Math.min(images, g.n - b0);
    im2col(cols, x, g, b0, nb);
    gemmABt(cols, wT, y.subarray(b0 * perImage * O), nb * perImage, O, K);
  }
  return y;
}

/** dW[k, o] = colsT[k, :] · dyT[o, :] summed over batch chunks (cpu). */
export function conv2dFilterGradGemm(x: Float32Array, dy: Float32Array, g: Geometry): Float32Array {
  const K = g.kh * g.kw * g.c;
  const O = g.oc;
  const perImage = g.oh * g.ow;
  const images = imagesPerChunk(g, CHUNK_FLOATS);
  const colsT = new Float32Array(images * perImage * K);
  const dyT = new Float32Array(images * perImage * O);
  const acc = new Float64Array(K * O);
  for (let b0 = 0; b0 < g.n; b0 += images) {
    const nb = Math.min(images, g.n - b0);
    const M = nb * perImage;
    im2colT(colsT, x, g, b0, nb);
    transposeRows(dyT, dy, b0 * perImage, M, O);
    gemmABt(colsT, dyT, acc, K, O, M, b0 > 0);
  }
  return Float32Array.from(acc);
}

/** dcols[m, k] = dy[m, :] · w[k, :], scattered back with col2im (cpu). */
export function conv2dInputGradGemm(dy: Float32Array, w: Float32Array, g: Geometry): Float32Array {
  const K = g.kh * g.kw * g.c;
  const O = g.oc;
  const perImage = g.oh * g.ow;
  const dx = new Float32Array(g.n * g.h * g.w * g.c);
  const images = imagesPerChunk(g, CHUNK_FLOATS);
  const dcols = new Float32Array(images * perImage * K);
  for (let b0 = 0; b0 < g.n; b0 += images) {
    const nb = Math.min(images, g.n - b0);
    gemmABt(dy.subarray(b0 * perImage * O), w, dcols, nb * perImage, K, O);
    col2imAdd(dx, dcols, g, b0, nb);
  }
  return dx;
}
