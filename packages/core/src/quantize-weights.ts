import type * as tf from '@tensorflow/tfjs-core';
import { show } from './internal/errors.js';
import type { WeightsArtifacts } from './checkpoint.js';

/** How float32 weights are stored: TF.js's converter quantizations, which `tf.io.decodeWeights` reads back as float32. */
export type WeightsQuantization = 'float16' | 'uint8';

/** float32 -> IEEE half bits (round to nearest even), as TF.js's `float16` quantization stores it. */
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

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1 };

/**
 * The float32 weights of TF.js weights artifacts quantized as TF.js's converter does: `'float16'`
 * (IEEE half, round to nearest even: half the bytes) or `'uint8'` (affine per tensor,
 * `{dtype: 'uint8', min, scale}`: a quarter). `tf.io.decodeWeights` (and `decodeWeights`,
 * `deserializeCheckpoint`) read both back as float32. Other dtypes, and weights already quantized,
 * stay as they are.
 */
export function quantizeWeights(artifacts: WeightsArtifacts, mode: WeightsQuantization): WeightsArtifacts {
  if (mode !== 'float16' && mode !== 'uint8') throw new RangeError(`quantizeWeights: mode must be 'float16' or 'uint8', got ${show(mode)}`);
  const src = new Uint8Array(artifacts.weightData);
  const parts: Uint8Array[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  let offset = 0;
  for (const spec of artifacts.weightSpecs) {
    const n = spec.shape.reduce((p, d) => p * d, 1);
    if (spec.quantization !== undefined || BYTES[spec.dtype] === undefined) {
      throw new TypeError(`quantizeWeights: weight '${spec.name}' is ${spec.quantization ? 'already quantized' : `of dtype ${spec.dtype}`}; quantize float32 artifacts as encodeWeights makes them`);
    }
    const bytes = n * BYTES[spec.dtype]!;
    const chunk = src.slice(offset, offset + bytes);
    offset += bytes;
    if (spec.dtype !== 'float32') {
      parts.push(chunk);
      specs.push(spec);
      continue;
    }
    const values = new Float32Array(chunk.buffer);
    if (mode === 'float16') {
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i++) out[i] = toFloat16Bits(values[i]!, f32, u32);
      parts.push(new Uint8Array(out.buffer));
      specs.push({ ...spec, quantization: { dtype: 'float16' } });
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
      specs.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    }
  }
  const joined = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return { weightSpecs: specs, weightData: joined.buffer };
}
