import { describe, expect, it } from 'vitest';
import { decodeWeights, deserializeCheckpoint, encodeWeights, quantizeWeights, serializeCheckpoint, tf } from '@dl/core';
import { toFloat16Bits } from '../src/quantize-weights.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const half = (v: number) => toFloat16Bits(v, f32, u32);

describe('toFloat16Bits', () => {
  it('rounds to the nearest half, ties to even, with subnormals, overflow, Inf and NaN', () => {
    expect(half(1)).toBe(0x3c00);
    expect(half(-2)).toBe(0xc000);
    expect(half(65504)).toBe(0x7bff);
    expect(half(65520)).toBe(0x7c00); // rounds up to Inf
    expect(half(Infinity)).toBe(0x7c00);
    expect(half(Number.NaN) & 0x7e00).toBe(0x7e00);
    expect(half(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(half(2 ** -26)).toBe(0x0000);
    expect(half(1 + 2 ** -11)).toBe(0x3c00); // tie: to even
    expect(half(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: to even (up)
  });
});

describe('quantizeWeights', () => {
  const artifacts = () => {
    const data = new Uint8Array([...new Uint8Array(new Float32Array([1, 2, -3, 0.5]).buffer), ...new Uint8Array(new Int32Array([5]).buffer)]);
    return {
      weightSpecs: [{ name: 'w', shape: [4], dtype: 'float32' as const }, { name: 'n', shape: [], dtype: 'int32' as const }],
      weightData: data.buffer,
    };
  };

  it('float16: halves float32 tensors, keeps int32 ones; TF.js decodes it', () => {
    const q = quantizeWeights(artifacts(), 'float16');
    expect(q.weightSpecs).toEqual([{ name: 'w', shape: [4], dtype: 'float32', quantization: { dtype: 'float16' } }, { name: 'n', shape: [], dtype: 'int32' }]);
    expect(Array.from(new Uint16Array(q.weightData.slice(0, 8)))).toEqual([0x3c00, 0x4000, 0xc200, 0x3800]);
    const back = decodeWeights(q);
    expect(Array.from(back['w']!.dataSync())).toEqual([1, 2, -3, 0.5]);
    expect(Array.from(back['n']!.dataSync())).toEqual([5]);
    tf.dispose(Object.values(back));
  });

  it('uint8: affine per tensor (min, scale), as the TF.js converter', () => {
    const q = quantizeWeights(artifacts(), 'uint8');
    expect(q.weightSpecs[0]).toEqual({ name: 'w', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', min: -3, scale: 5 / 255 } });
    expect(Array.from(new Uint8Array(q.weightData.slice(0, 4)))).toEqual([204, 255, 0, 179]);
    const back = decodeWeights(q);
    const w = back['w']!.dataSync();
    [1, 2, -3, 0.5].forEach((v, i) => expect(Math.abs(w[i]! - v)).toBeLessThanOrEqual(5 / 255 / 2 + 1e-6));
    tf.dispose(Object.values(back));
  });

  it('refuses an unknown mode and weights already quantized', () => {
    expect(() => quantizeWeights(artifacts(), 'int8' as never)).toThrow("quantizeWeights: mode must be 'float16' or 'uint8', got 'int8'");
    expect(() => quantizeWeights(quantizeWeights(artifacts(), 'float16'), 'float16')).toThrow("quantizeWeights: weight 'w' is already quantized");
  });

  it('encodeWeights and serializeCheckpoint take quantize; deserializeCheckpoint reads float32 back', async () => {
    const t = { w: tf.tensor1d([0.1, 1e-8, 3]), k: tf.scalar(7, 'int32') };
    const plain = await serializeCheckpoint(t, { metadata: { a: 1 } });
    const small = await serializeCheckpoint(t, { metadata: { a: 1 }, quantize: 'float16' });
    // 6 fewer bytes of weights, a longer header (the quantization entry)
    expect(small.byteLength).toBeLessThan(plain.byteLength + 40);
    const back = deserializeCheckpoint(small);
    expect(back.metadata).toEqual({ a: 1 });
    expect(back.tensors['w']!.dtype).toBe('float32');
    const w = back.tensors['w']!.dataSync();
    expect(Math.abs(w[0]! - 0.1)).toBeLessThan(0.1 * 2 ** -11);
    expect(w[1]).toBe(0); // below float16's smallest subnormal
    expect(w[2]).toBe(3);
    expect(Array.from(back.tensors['k']!.dataSync())).toEqual([7]);
    const enc = await encodeWeights(t, { quantize: 'uint8' });
    expect(enc.weightSpecs[0]!.quantization?.dtype).toBe('uint8');
    await expect(serializeCheckpoint(t, { quantize: 'fp8' as never })).rejects.toThrow("serializeCheckpoint: quantize must be 'float16' or 'uint8', got 'fp8'");
    await expect(encodeWeights(t, { quantize: 'fp8' as never })).rejects.toThrow("encodeWeights: quantize must be 'float16' or 'uint8'");
    tf.dispose([...Object.values(t), ...Object.values(back.tensors)]);
  });
});
