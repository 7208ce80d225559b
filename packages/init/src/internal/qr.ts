/**
 * The Q of a thin QR factorisation of the row-major `p × q` matrix `a` (p ≥ q), by Householder
 * reflections in float64, with each column multiplied by the sign of R's diagonal entry, so
 * that Q is Haar-distributed when `a` is Gaussian (what PyTorch's orthogonal_ does after
 * torch.linalg.qr). Returns Q row-major, `p × q`.
 */
export function signedQ(a: Float64Array, p: number, q: number): Float64Array {
  const r = Float64Array.from(a);
  const vs: Float64Array[] = [];
  const signs = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    let norm = 0;
    for (let i = k; i < p; i++) norm += r[i * q + k]! ** 2;
    norm = Math.sqrt(norm);
    const x0 = r[k * q + k]!;
    const alpha = x0 >= 0 ? -norm : norm; // R[k][k]
    signs[k] = alpha < 0 ? -1 : 1;
    const v = new Float64Array(p - k);
    for (let i = k; i < p; i++) v[i - k] = r[i * q + k]!;
    v[0] = x0 - alpha;
    let vnorm = 0;
    for (let i = 0; i < v.length; i++) vnorm += v[i]! ** 2;
    vnorm = Math.sqrt(vnorm);
    if (vnorm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / vnorm;
    vs.push(v);
    // R ← (I − 2vvᵀ) R on rows k.., columns k..
    for (let j = k; j < q; j++) {
      let dot = 0;
      for (let i = k; i < p; i++) dot += v[i - k]! * r[i * q + j]!;
      dot *= 2;
      if (dot !== 0) for (let i = k; i < p; i++) r[i * q + j] = r[i * q + j]! - dot * v[i - k]!;
    }
  }
  // Q = H0 H1 … H(q−1) applied to the first q columns of the identity.
  const out = new Float64Array(p * q);
  for (let i = 0; i < q; i++) out[i * q + i] = 1;
  for (let k = q - 1; k >= 0; k--) {
    const v = vs[k]!;
    for (let j = 0; j < q; j++) {
      let dot = 0;
      for (let i = k; i < p; i++) dot += v[i - k]! * out[i * q + j]!;
      dot *= 2;
      if (dot !== 0) for (let i = k; i < p; i++) out[i * q + j] = out[i * q + j]! - dot * v[i - k]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) out[i * q + j] = out[i * q + j]! * signs[j]!;
  return out;
}
