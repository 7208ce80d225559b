/**
 * Batch norm in training mode over the last axis of `x`, seen as `rows` rows of `c` channels
 * (NHWC images, or [N, C] / [N, L, C] features). Sums are accumulated in float64.
 */

/** Writes y = (x - mean) / sqrt(var + eps) * gamma + beta and the batch statistics. */
export function batchNormTrainLoop(
  x: Float32Array,
  gamma: Float32Array | null,
  beta: Float32Array | null,
  c: number,
  eps: number,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  invStd: Float32Array,
): void {
  const rows = x.length / c;
  const acc = new Float64Array(c);
  for (let o = 0; o < x.length; o += c) for (let j = 0; j < c; j++) acc[j] = acc[j]! + x[o + j]!;
  const mu = new Float64Array(c);
  for (let j = 0; j < c; j++) mu[j] = acc[j]! / rows;
  // Two passes (mean, then squared deviations): no cancellation when |mean| >> std.
  acc.fill(0);
  for (let o = 0; o < x.length; o += c) {
    for (let j = 0; j < c; j++) {
      const d = x[o + j]! - mu[j]!;
      acc[j] = acc[j]! + d * d;
    }
  }
  const scale = new Float64Array(c);
  const shift = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    const v = acc[j]! / rows;
    const s = 1 / Math.sqrt(v + eps);
    mean[j] = mu[j]!;
    variance[j] = v;
    invStd[j] = s;
    scale[j] = s * (gamma ? gamma[j]! : 1);
    shift[j] = (beta ? beta[j]! : 0) - mu[j]! * scale[j]!;
  }
  for (let o = 0; o < x.length; o += c) for (let j = 0; j < c; j++) y[o + j] = x[o + j]! * scale[j]! + shift[j]!;
}

/**
 * The gradients of {@link batchNormTrainLoop}'s y: with x̂ = (x - mean)·invStd,
 * dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·invStd·(dy - dβ/m - x̂·dγ/m) over the m rows.
 */
export function batchNormTrainGradLoop(
  dy: Float32Array,
  x: Float32Array,
  mean: Float32Array,
  invStd: Float32Array,
  gamma: Float32Array | null,
  c: number,
  dx: Float32Array,
  dGamma: Float32Array,
  dBeta: Float32Array,
): void {
  const rows = x.length / c;
  const sumDy = new Float64Array(c);
  const sumDyX = new Float64Array(c);
  for (let o = 0; o < x.length; o += c) {
    for (let j = 0; j < c; j++) {
      const g = dy[o + j]!;
      sumDy[j] = sumDy[j]! + g;
      sumDyX[j] = sumDyX[j]! + g * (x[o + j]! - mean[j]!);
    }
  }
  // dx = a·dy + b·x + d per channel.
  const a = new Float64Array(c);
  const b = new Float64Array(c);
  const d = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    const s = invStd[j]!;
    const dg = sumDyX[j]! * s;
    dBeta[j] = sumDy[j]!;
    dGamma[j] = dg;
    const k = (gamma ? gamma[j]! : 1) * s;
    a[j] = k;
    b[j] = (-k * s * dg) / rows;
    d[j] = (-k * sumDy[j]!) / rows - b[j]! * mean[j]!;
  }
  for (let o = 0; o < x.length; o += c) for (let j = 0; j < c; j++) dx[o + j] = a[j]! * dy[o + j]! + b[j]! * x[o + j]! + d[j]!;
}
