import type { Tensor } from '@tensorflow/tfjs-core';

/** min / max / mean / population std of a tensor, in JS: tf.moments on the cpu backend takes seconds for 47M values. */
export async function summarize(t: Tensor): Promise<{ min: number; max: number; mean: number; std: number }> {
  const values = await t.data();
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    squares += v * v;
  }
  const mean = sum / values.length;
  return { min, max, mean, std: Math.sqrt(squares / values.length - mean * mean) };
}

/** Byte-wise equality; toEqual on multi-megabyte typed arrays takes tens of seconds. */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
