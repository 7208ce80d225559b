// A copy of @dl/transfer's src/tfjs/quantize.ts (float16 half only), until @dl/core's
// encodeWeights takes `{quantize: 'float16' | 'uint8'}` (docs/plans/transfer-zoo.md §3.6).
import type { WeightsArtifacts } from '@dl/core';

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
 * The float32 tensors of TF.js weights artifacts stored as float16 (`quantization: {dtype: 'float16'}`,
 * which `tf.io.decodeWeights` reads back as float32); other dtypes (int32 counters) stay as they are.
 */
export function quantizeFloat16(a: WeightsArtifacts): WeightsArtifacts {
  const src = new Uint8Array(a.weightData);
  const parts: Uint8Array[] = [];
  const specs = [];
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  let offset = 0;
  for (const spec of a.weightSpecs) {
    const n = spec.shape.reduce((p, d) => p * d, 1);
    const bytes = n * (spec.dtype === 'bool' ? 1 : 4);
    const chunk = src.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32' || spec.quantization !== undefined) {
      parts.push(chunk);
      specs.push(spec);
      continue;
    }
    const values = new Float32Array(chunk.buffer);
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = toFloat16Bits(values[i]!, f32, u32);
    parts.push(new Uint8Array(out.buffer));
    specs.push({ ...spec, quantization: { dtype: 'float16' as const } });
  }
  const joined = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return { weightSpecs: specs, weightData: joined.buffer };
}
