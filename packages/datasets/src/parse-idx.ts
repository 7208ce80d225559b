/** Element types an IDX file can declare (type byte 0x08–0x0E). */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

interface IdxArrays {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/**
 * A decoded IDX file. `data` is row-major in native byte order; for the one-byte
 * dtypes it is a view into the input bytes (no copy).
 */
export type IdxData = {
  [D in IdxDtype]: { dtype: D; shape: number[]; data: IdxArrays[D] };
}[IdxDtype];

interface DtypeInfo {
  dtype: IdxDtype;
  bytes: number;
}

const DTYPES: Readonly<Record<number, DtypeInfo>> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

const hex = (n: number, width = 2): string => `0x${n.toString(16).padStart(width, '0')}`;

/**
 * Decodes an IDX buffer (the uncompressed MNIST / Fashion-MNIST format):
 * magic `00 00 <type> <ndims>`, `ndims` big-endian uint32 sizes, then the
 * big-endian elements. Throws on anything that is not exactly one IDX array.
 */
export function parseIdx(bytes: Uint8Array): IdxData {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`parseIdx: expected a Uint8Array, got ${describe(bytes)}`);
  }
  if (bytes.byteLength < 4) {
    throw new Error(
      `parseIdx: truncated header: expected at least 4 bytes for the magic number, got ${bytes.byteLength}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zero0 = bytes[0] ?? 0;
  const zero1 = bytes[1] ?? 0;
  const typeCode = bytes[2] ?? 0;
  const ndims = bytes[3] ?? 0;
  if (zero0 !== 0 || zero1 !== 0) {
    throw new Error(
      `parseIdx: bad magic number ${hex(view.getUint32(0, false), 8)}: an IDX file starts with 0x00 0x00 <type> <ndims>` +
        (zero0 === 0x1f && zero1 === 0x8b ? ' (this looks gzip-compressed; gunzip it first)' : ''),
    );
  }
  const info = DTYPES[typeCode];
  if (info === undefined) {
    const known = Object.entries(DTYPES)
      .map(([code, d]) => `${hex(Number(code))} ${d.dtype}`)
      .join(', ');
    throw new Error(`parseIdx: unknown dtype code ${hex(typeCode)} (known: ${known})`);
  }

  const headerBytes = 4 + 4 * ndims;
  if (bytes.byteLength < headerBytes) {
    throw new Error(
      `parseIdx: truncated header: expected ${headerBytes} bytes for ${ndims} dimensions, got ${bytes.byteLength}`,
    );
  }
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const size = view.getUint32(4 + 4 * i, false);
    shape.push(size);
    count *= size;
  }
  if (!Number.isSafeInteger(count * info.bytes)) {
    throw new Error(`parseIdx: shape [${shape.join(', ')}] is too large`);
  }

  const expected = headerBytes + count * info.bytes;
  const what = `${count} ${info.dtype} elements for shape [${shape.join(', ')}]`;
  if (bytes.byteLength < expected) {
    throw new Error(
      `parseIdx: truncated data: expected ${expected} bytes (${headerBytes}-byte header + ${what}), got ${bytes.byteLength}`,
    );
  }
  if (bytes.byteLength > expected) {
    throw new Error(
      `parseIdx: ${bytes.byteLength - expected} trailing bytes: expected ${expected} bytes (${headerBytes}-byte header + ${what}), got ${bytes.byteLength}`,
    );
  }

  const start = bytes.byteOffset + headerBytes;
  switch (info.dtype) {
    case 'uint8':
      return { dtype: 'uint8', shape, data: bytes.subarray(headerBytes) };
    case 'int8':
      return { dtype: 'int8', shape, data: new Int8Array(bytes.buffer, start, count) };
    case 'int16': {
      const data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(headerBytes + 2 * i, false);
      return { dtype: 'int16', shape, data };
    }
    case 'int32': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(headerBytes + 4 * i, false);
      return { dtype: 'int32', shape, data };
    }
    case 'float32': {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(headerBytes + 4 * i, false);
      return { dtype: 'float32', shape, data };
    }
    case 'float64': {
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(headerBytes + 8 * i, false);
      return { dtype: 'float64', shape, data };
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
