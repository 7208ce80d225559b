import { describe, expect, it } from 'vitest';
import { quantizeFloat16, toFloat16Bits } from '../../src/internal/float16.js';

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

describe('quantizeFloat16', () => {
  it('halves float32 tensors and keeps int32 ones', () => {
    const data = new Uint8Array([...new Uint8Array(new Float32Array([1, 2]).buffer), ...new Uint8Array(new Int32Array([5]).buffer)]);
    const q = quantizeFloat16({
      weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }, { name: 'n', shape: [], dtype: 'int32' }],
      weightData: data.buffer,
    });
    expect(q.weightSpecs).toEqual([{ name: 'w', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } }, { name: 'n', shape: [], dtype: 'int32' }]);
    expect(Array.from(new Uint16Array(q.weightData.slice(0, 4)))).toEqual([0x3c00, 0x4000]);
    expect(Array.from(new Int32Array(q.weightData.slice(4)))).toEqual([5]);
  });
});
