import { describe, expect, it } from 'vitest';
import { parseIdx } from '../src/index.js';
import { makeIdx } from './support/make-idx.js';

describe('parseIdx', () => {
  it('decodes ubyte data as a view with its shape', () => {
    const bytes = makeIdx(0x08, [2, 3], [0, 1, 2, 253, 254, 255]);
    const idx = parseIdx(bytes);
    expect(idx.dtype).toBe('uint8');
    expect(idx.shape).toEqual([2, 3]);
    expect(idx.data).toBeInstanceOf(Uint8Array);
    expect([...idx.data]).toEqual([0, 1, 2, 253, 254, 255]);
    expect(idx.data.buffer).toBe(bytes.buffer);
  });

  it.each([
    [0x09, 'int8', Int8Array, [-128, -1, 0, 127]],
    [0x0b, 'int16', Int16Array, [-32768, -2, 258, 32767]],
    [0x0c, 'int32', Int32Array, [-2147483648, -3, 16909060, 2147483647]],
    [0x0d, 'float32', Float32Array, [-1.5, 0, 0.25, 3e38]],
    [0x0e, 'float64', Float64Array, [-1e300, 0, Math.PI, 1 / 3]],
  ] as const)('decodes type code %i as big-endian %s', (code, dtype, Ctor, values) => {
    const idx = parseIdx(makeIdx(code, [4], values));
    expect(idx.dtype).toBe(dtype);
    expect(idx.shape).toEqual([4]);
    expect(idx.data).toBeInstanceOf(Ctor);
    expect([...idx.data]).toEqual([...Ctor.from(values)]);
  });

  it('reads big-endian bytes, not the platform order', () => {
    const bytes = Uint8Array.from([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]);
    expect([...parseIdx(bytes).data]).toEqual([0x0102, -2]);
  });

  it('honours the byteOffset of a Uint8Array view (e.g. a Node Buffer slice)', () => {
    const inner = makeIdx(0x0c, [1, 2], [7, -7]);
    const outer = new Uint8Array(inner.length + 5);
    outer.set(inner, 5);
    const idx = parseIdx(outer.subarray(5));
    expect(idx.shape).toEqual([1, 2]);
    expect([...idx.data]).toEqual([7, -7]);
  });

  it('accepts empty dimensions and zero dimensions', () => {
    expect(parseIdx(makeIdx(0x08, [0, 28, 28], [])).shape).toEqual([0, 28, 28]);
    const scalar = parseIdx(makeIdx(0x0d, [], [1.5]));
    expect(scalar.shape).toEqual([]);
    expect([...scalar.data]).toEqual([1.5]);
  });

  it('rejects a bad magic number', () => {
    const bytes = makeIdx(0x08, [1], [0]);
    bytes[0] = 0x12;
    expect(() => parseIdx(bytes)).toThrow(/parseIdx: bad magic number 0x12000801/);
  });

  it('says when the input is still gzip-compressed', () => {
    const gz = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]);
    expect(() => parseIdx(gz)).toThrow(/bad magic number.*gzip-compressed/);
  });

  it('rejects an unknown dtype code', () => {
    const bytes = makeIdx(0x08, [1], [0]);
    bytes[2] = 0x0a;
    expect(() => parseIdx(bytes)).toThrow(/unknown dtype code 0x0a \(known: 0x08 uint8, 0x09 int8/);
  });

  it('rejects a truncated header', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0]))).toThrow(
      'parseIdx: truncated header: expected at least 4 bytes for the magic number, got 2',
    );
    expect(() => parseIdx(makeIdx(0x08, [3, 28, 28], []).subarray(0, 10))).toThrow(
      'parseIdx: truncated header: expected 16 bytes for 3 dimensions, got 10',
    );
  });

  it('rejects truncated data, giving expected vs got bytes', () => {
    const bytes = makeIdx(0x0b, [2, 3], [1, 2, 3, 4, 5, 6]);
    expect(() => parseIdx(bytes.subarray(0, bytes.length - 1))).toThrow(
      'parseIdx: truncated data: expected 24 bytes (12-byte header + 6 int16 elements for shape [2, 3]), got 23',
    );
  });

  it('rejects trailing bytes', () => {
    const bytes = makeIdx(0x08, [2], [1, 2]);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(() => parseIdx(longer)).toThrow(
      'parseIdx: 3 trailing bytes: expected 10 bytes (8-byte header + 2 uint8 elements for shape [2]), got 13',
    );
  });

  it('rejects shapes whose size cannot be represented', () => {
    const bytes = makeIdx(0x0e, [0xffffffff, 0xffffffff], []);
    expect(() => parseIdx(bytes)).toThrow(/too large/);
  });

  it('rejects non-Uint8Array input', () => {
    expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => parseIdx(new ArrayBuffer(8) as unknown as Uint8Array)).toThrow(
      'parseIdx: expected a Uint8Array, got ArrayBuffer',
    );
  });
});
