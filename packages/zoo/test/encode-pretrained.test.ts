import { describe, expect, it } from 'vitest';
import { deserializeCheckpoint, tf } from '@dl/core';
import { encodePretrained } from '../src/index.js';

describe('encodePretrained', () => {
  it('float16 (default): half the bytes, values within half precision, int32 kept, read by deserializeCheckpoint', async () => {
    const before = tf.memory().numTensors;
    const values = [0, 1, -2.5, 1e-3, 65504, 1e-8, 3.14159265, -0.1];
    const tensors = { w: tf.tensor1d(values), n: tf.scalar(7, 'int32'), big: tf.zeros([1000]) };
    const bytes = await encodePretrained(tensors, { metadata: { note: 'x' } });
    const f32 = await encodePretrained(tensors, { dtype: 'float32' });
    // 1008 float32 values: 4032 bytes vs 2016 as float16; the float16 header is longer by its two quantization entries
    expect(f32.byteLength - bytes.byteLength).toBeGreaterThan(2016 - 100);
    const back = deserializeCheckpoint(bytes);
    expect(back.metadata).toEqual({ note: 'x', dtype: 'float16' });
    expect(back.tensors.w!.dtype).toBe('float32');
    expect(back.tensors.n!.dtype).toBe('int32');
    expect(Array.from(await back.tensors.n!.data())).toEqual([7]);
    const got = Array.from(await back.tensors.w!.data());
    // float16 has an 11-bit significand: relative error <= 2^-11 for normal values; 1e-8 underflows to 0
    const expected = [0, 1, -2.5, 0.0010004043579101562, 65504, 0, 3.140625, -0.0999755859375];
    expect(got).toEqual(expected);
    const exact = deserializeCheckpoint(f32);
    expect(Array.from(await exact.tensors.w!.data())).toEqual(Array.from(new Float32Array(values)));
    tf.dispose([...Object.values(tensors), ...Object.values(back.tensors), ...Object.values(exact.tensors)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same tensors give the same bytes (the manifest hash is reproducible)', async () => {
    const t = { a: tf.tensor2d([[1, 2], [3, 4]]) };
    const [x, y] = [await encodePretrained(t), await encodePretrained(t)];
    expect(x).toEqual(y);
    t.a.dispose();
  });

  it('bad options', async () => {
    const t = { a: tf.scalar(1) };
    await expect(encodePretrained(t, { dtype: 'uint8' } as never)).rejects.toThrow("encodePretrained: dtype must be 'float16' or 'float32', got \"uint8\"");
    await expect(encodePretrained(t, { quantize: 'float16' } as never)).rejects.toThrow("encodePretrained: unknown option 'quantize'");
    await expect(encodePretrained({ a: 1 } as never)).rejects.toThrow(TypeError);
    t.a.dispose();
  });
});
