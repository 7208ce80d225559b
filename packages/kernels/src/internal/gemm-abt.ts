/**
 * c[i*n + j] = sum over p < k of a[i*k + p] * b[j*k + p] (C = A Bᵀ, both row-major
 * with contiguous rows), plus c's old value when `accumulate`. 4x4 register blocks:
 * eight loads feed sixteen multiply-adds, which is what plain JS can do best.
 */
export function gemmABt(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array | Float64Array,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p]!;
        const x1 = a[a1 + p]!;
        const x2 = a[a2 + p]!;
        const x3 = a[a3 + p]!;
        const y0 = b[b0 + p]!;
        const y1 = b[b1 + p]!;
        const y2 = b[b2 + p]!;
        const y3 = b[b3 + p]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      const r0 = i * n + j;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      if (accumulate) {
        c[r0] = c[r0]! + c00; c[r0 + 1] = c[r0 + 1]! + c01; c[r0 + 2] = c[r0 + 2]! + c02; c[r0 + 3] = c[r0 + 3]! + c03;
        c[r1] = c[r1]! + c10; c[r1 + 1] = c[r1 + 1]! + c11; c[r1 + 2] = c[r1 + 2]! + c12; c[r1 + 3] = c[r1 + 3]! + c13;
        c[r2] = c[r2]! + c20; c[r2 + 1] = c[r2 + 1]! + c21; c[r2 + 2] = c[r2 + 2]! + c22; c[r2 + 3] = c[r2 + 3]! + c23;
        c[r3] = c[r3]! + c30; c[r3 + 1] = c[r3 + 1]! + c31; c[r3 + 2] = c[r3 + 2]! + c32; c[r3 + 3] = c[r3 + 3]! + c33;
      } else {
        c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
        c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
        c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
        c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
      }
    }
    for (; j < n; j++) {
      const b0 = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const y = b[b0 + p]!;
        s0 += a[a0 + p]! * y;
        s1 += a[a1 + p]! * y;
        s2 += a[a2 + p]! * y;
        s3 += a[a3 + p]! * y;
      }
      const r = i * n + j;
      const base = accumulate ? 1 : 0;
      c[r] = base * c[r]! + s0;
      c[r + n] = base * c[r + n]! + s1;
      c[r + 2 * n] = base * c[r + 2 * n]! + s2;
      c[r + 3 * n] = base * c[r + 3 * n]! + s3;
    }
  }
  for (; i < m; i++) {
    const a0 = i * k;
    for (let j = 0; j < n; j++) {
      const b0 = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[a0 + p]! * b[b0 + p]!;
      const r = i * n + j;
      c[r] = accumulate ? c[r]! + s : s;
    }
  }
}
