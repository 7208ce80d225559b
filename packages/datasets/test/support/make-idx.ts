/** Builds an IDX buffer: magic 00 00 <type> <ndims>, big-endian dims, big-endian elements. */
export function makeIdx(typeCode: number, shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  const width = ({ 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 } as Record<number, number>)[typeCode] ?? 1;
  const header = 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + values.length * width);
  const view = new DataView(bytes.buffer);
  bytes[2] = typeCode;
  bytes[3] = shape.length;
  shape.forEach((size, i) => view.setUint32(4 + 4 * i, size, false));
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    const at = header + i * width;
    switch (typeCode) {
      case 0x08: view.setUint8(at, v); break;
      case 0x09: view.setInt8(at, v); break;
      case 0x0b: view.setInt16(at, v, false); break;
      case 0x0c: view.setInt32(at, v, false); break;
      case 0x0d: view.setFloat32(at, v, false); break;
      case 0x0e: view.setFloat64(at, v, false); break;
      default: view.setUint8(at, v);
    }
  }
  return bytes;
}

/** A tiny Fashion-MNIST-shaped pair: image i is filled with grey level `fill(i)`. */
export function makeFashionIdx(
  labels: readonly number[],
  fill: (i: number) => number = (i) => i,
): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(labels.length * 784);
  labels.forEach((_, i) => pixels.fill(fill(i), i * 784, (i + 1) * 784));
  return {
    images: makeIdx(0x08, [labels.length, 28, 28], pixels),
    labels: makeIdx(0x08, [labels.length], labels),
  };
}
