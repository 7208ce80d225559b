import type { tf } from '@dl/core';

export type Quantize = 'uint8' | 'float16';

/** float32 -> IEEE half (round to nearest even), as TF.js's `float16` quantization stores it. */
export function toFloat16Bits(value: number, f32: Float32Array, u32: Uint32Array): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow: Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow: 0
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let m = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (m & 1))) m++;
    return sign | m;
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++; // may carry into the exponent: still right
  return h;
}

/**
 * Quantizes the float32 weights of `tf.io` artifacts as TF.js's converter does: uint8 affine per
 * tensor (`{dtype: 'uint8', min, scale}`) or float16; `tf.io.decodeWeights` reads both back.
 * Other dtypes stay as they are.
 */
export function quantizeArtifacts(a: tf.io.ModelArtifacts, mode: Quantize): tf.io.ModelArtifacts {
  const specs = a.weightSpecs ?? [];
  const data = a.weightData;
  if (data === undefined || Array.isArray(data)) throw new TypeError('toArtifacts: expected one weight buffer from model.save');
  const src = new Uint8Array(data as ArrayBuffer);
  const parts: Uint8Array[] = [];
  const outSpecs: tf.io.WeightsManifestEntry[] = [];
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((p, d) => p * d, 1);
    const bytes = n * 4; // float32 and int32 alike
    const chunk = src.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32' || spec.quantization !== undefined) {
      parts.push(chunk);
      outSpecs.push(spec);
      continue;
    }
    const values = new Float32Array(chunk.buffer);
    if (mode === 'float16') {
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i++) out[i] = toFloat16Bits(values[i]!, f32, u32);
      parts.push(new Uint8Array(out.buffer));
      outSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (n === 0) min = max = 0;
      const scale = max > min ? (max - min) / 255 : 1;
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.round((values[i]! - min) / scale);
      parts.push(out);
      outSpecs.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    }
  }
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return { ...a, weightSpecs: outSpecs, weightData: joined.buffer };
}
