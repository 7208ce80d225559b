// The fused optimizer steps as loops over float32 arrays. Every intermediate goes
// through Math.fround in the composed path's operation order (each tfjs op rounds
// its result to float32, and scalars are float32 tensors), so the results equal
// @dl/optim's composed ops bit for bit on cpu (and on wasm, whose ops are
// correctly rounded float32 too).
const f = Math.fround;

export interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** `1 - beta1^t`, computed by the caller in float64. */
  biasCorrection1: number;
  /** `sqrt(1 - beta2^t)`, computed by the caller in float64. */
  biasCorrection2Sqrt: number;
  weightDecay: number;
  decoupled: boolean;
  maximize: boolean;
  amsgrad: boolean;
}

export interface SgdStepAttrs {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  weightDecay: number;
  maximize: boolean;
  /** The momentum buffer's first step (`buf = g`). */
  first: boolean;
}

export interface RmspropStepAttrs {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
  centered: boolean;
  momentum: number;
  first: boolean;
}

export interface AdagradStepAttrs {
  lr: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

/** `-g` for maximize, then `g + wd * p` (coupled decay), as the composed chain does. */
function prep(g: number, p: Float32Array | null, i: number, sign: number, wd: number, wdf: number): number {
  g *= sign; // exact
  if (wd !== 0) g = wd === 1 ? f(g + p![i]!) : f(g + f(p![i]! * wdf));
  return g;
}

export function adamStepLoop(
  a: AdamStepAttrs,
  grad: Float32Array,
  m0: Float32Array,
  v0: Float32Array,
  vMax0: Float32Array | null,
  param: Float32Array | null,
  update: Float32Array,
  m1: Float32Array,
  v1: Float32Array,
  vMax1: Float32Array | null,
): void {
  const b1 = f(a.beta1), omb1 = f(1 - a.beta1), b2 = f(a.beta2), omb2 = f(1 - a.beta2);
  const eps = f(a.eps), bc1 = f(a.biasCorrection1), bc2 = f(a.biasCorrection2Sqrt), neglr = f(-a.lr);
  const wd = a.weightDecay, wdf = f(wd), coupledWd = a.decoupled ? 0 : wd, decoupledWd = a.decoupled ? wd : 0;
  const n = grad.length;
  const sign = a.maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const g = prep(grad[i]!, param, i, sign, coupledWd, wdf);
    const m = f(f(m0[i]! * b1) + f(g * omb1));
    const v = f(f(v0[i]! * b2) + f(f(g * g) * omb2));
    m1[i] = m;
    v1[i] = v;
    let vh = v;
    if (vMax0 !== null) {
      const old = vMax0[i]!;
      vh = old > v || Number.isNaN(old) ? old : v;
      vMax1![i] = vh;
    }
    const denom = f(f(f(Math.sqrt(vh)) / bc2) + eps);
    let u = f(f(m / denom) / bc1);
    if (decoupledWd !== 0) u = decoupledWd === 1 ? f(u + param![i]!) : f(u + f(param![i]! * wdf));
    update[i] = f(u * neglr);
  }
}

export function sgdStepLoop(a: SgdStepAttrs, grad: Float32Array, buf0: Float32Array | null, param: Float32Array | null, update: Float32Array, buf1: Float32Array | null): void {
  const mom = a.momentum, momf = f(mom), damp1 = 1 - a.dampening, damp1f = f(damp1), neglr = f(-a.lr), wdf = f(a.weightDecay);
  const n = grad.length;
  const sign = a.maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    let u = prep(grad[i]!, param, i, sign, a.weightDecay, wdf);
    if (buf1 !== null) {
      const g = u;
      let b: number;
      if (a.first) b = g;
      else {
        const decayed = f(buf0![i]! * momf);
        b = damp1 === 1 ? f(decayed + g) : f(decayed + f(g * damp1f));
      }
      buf1[i] = b;
      u = a.nesterov ? (mom === 1 ? f(g + b) : f(g + f(b * momf))) : b;
    }
    update[i] = f(u * neglr);
  }
}

export function rmspropStepLoop(
  a: RmspropStepAttrs,
  grad: Float32Array,
  sq0: Float32Array,
  gAvg0: Float32Array | null,
  buf0: Float32Array | null,
  param: Float32Array | null,
  update: Float32Array,
  sq1: Float32Array,
  gAvg1: Float32Array | null,
  buf1: Float32Array | null,
): void {
  const al = f(a.alpha), omal = f(1 - a.alpha), eps = f(a.eps), momf = f(a.momentum), neglr = f(-a.lr), wdf = f(a.weightDecay);
  const n = grad.length;
  const sign = a.maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const g = prep(grad[i]!, param, i, sign, a.weightDecay, wdf);
    const sq = f(f(sq0[i]! * al) + f(f(g * g) * omal));
    sq1[i] = sq;
    let v = sq;
    if (gAvg1 !== null) {
      const mm = f(f(gAvg0![i]! * al) + f(g * omal));
      gAvg1[i] = mm;
      v = f(sq - f(mm * mm));
    }
    let u = f(g / f(f(Math.sqrt(v)) + eps));
    if (buf1 !== null) {
      u = a.first ? u : f(f(buf0![i]! * momf) + u);
      buf1[i] = u;
    }
    update[i] = f(u * neglr);
  }
}

export function adagradStepLoop(a: AdagradStepAttrs, grad: Float32Array, sum0: Float32Array, param: Float32Array | null, update: Float32Array, sum1: Float32Array): void {
  const eps = f(a.eps), neglr = f(-a.lr), wdf = f(a.weightDecay);
  const n = grad.length;
  const sign = a.maximize ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const g = prep(grad[i]!, param, i, sign, a.weightDecay, wdf);
    const s = f(sum0[i]! + f(g * g));
    sum1[i] = s;
    update[i] = f(f(g / f(f(Math.sqrt(s)) + eps)) * neglr);
  }
}
