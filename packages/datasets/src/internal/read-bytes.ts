import { readFile } from 'node:fs/promises';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzip);

/** Reads a file, gunzipping it when it starts with the gzip magic (whatever its name). */
export async function readMaybeGzipped(path: string): Promise<Uint8Array> {
  let bytes: Buffer = await readFile(path);
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    bytes = await gunzipAsync(bytes);
  }
  // A plain Uint8Array view (no copy): callers get the type they were promised,
  // not a Buffer with different equality and slice semantics.
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
