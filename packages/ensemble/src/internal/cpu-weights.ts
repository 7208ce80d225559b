import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';

/** One tensor's values on the CPU (not in GPU memory): what snapshots and checkpoint states hold. */
export interface CpuTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/** A set of weights by name, as CPU arrays. */
export type CpuWeights = Record<string, CpuTensor>;

/** Reads tensors back to CPU arrays (async: WebGPU in Node has no synchronous readback). */
export async function toCpu(named: Record<string, tf.Tensor>): Promise<CpuWeights> {
  const out: CpuWeights = {};
  for (const [k, t] of Object.entries(named)) {
    const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
    const values = await t.data();
    out[k] = { shape: [...t.shape], dtype, data: dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values) };
  }
  return out;
}

/** Uploads CPU arrays as tensors the caller owns. */
export function fromCpu(w: CpuWeights): NamedTensors {
  return tf.tidy(() => Object.fromEntries(Object.entries(w).map(([k, t]) => [k, tf.tensor(t.data, t.shape, t.dtype)])));
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export interface EncodedTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  base64: string;
}

/** CPU arrays as JSON (bit-exact base64 of the values) for a callback's checkpoint state. */
export function encodeCpu(w: CpuWeights): Record<string, EncodedTensor> {
  const out: Record<string, EncodedTensor> = {};
  for (const [k, t] of Object.entries(w)) out[k] = { shape: t.shape, dtype: t.dtype, base64: toBase64(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)) };
  return out;
}

export function decodeCpu(e: Record<string, EncodedTensor>, where: string): CpuWeights {
  if (e === null || typeof e !== 'object') throw new TypeError(`${where}: saved weights must be an object`);
  const out: CpuWeights = {};
  for (const [k, t] of Object.entries(e)) {
    const bytes = fromBase64(t.base64);
    const data = t.dtype === 'int32' ? new Int32Array(bytes.buffer, 0, bytes.length / 4) : new Float32Array(bytes.buffer, 0, bytes.length / 4);
    if (data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new RangeError(`${where}: saved '${k}' has ${data.length} values for shape [${t.shape.join(', ')}]`);
    out[k] = { shape: t.shape, dtype: t.dtype, data };
  }
  return out;
}
