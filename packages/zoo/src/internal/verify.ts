import { findEntry } from './find-entry.js';
import { sha256Hex } from './sha256.js';
import { PretrainedWeightsError } from '../pretrained-weights-error.js';

/** `verifyWeights` with the caller's name in its messages. */
export async function verifyAs(where: string, name: string, bytes: Uint8Array | ArrayBuffer, source?: string): Promise<{ bytes: number; sha256: string }> {
  const entry = findEntry(name, where);
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) {
    throw new TypeError(`${where}: the weights of '${entry.name}' must be a Uint8Array or an ArrayBuffer, got ${bytes === null ? 'null' : typeof bytes}`);
  }
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const { bytes: expected, sha256 } = entry.storage;
  const from = source === undefined ? '' : ` (${source})`;
  if (data.byteLength !== expected) {
    throw new PretrainedWeightsError(
      `${where}: '${entry.name}' weights${from} are ${data.byteLength} bytes, the manifest says ${expected}: ${data.byteLength < expected ? 'truncated' : 'corrupt'} file`,
    );
  }
  const actual = await sha256Hex(data);
  if (actual !== sha256) {
    throw new PretrainedWeightsError(`${where}: '${entry.name}' weights${from} have sha256 ${actual}, the manifest says ${sha256}: corrupt file, or not this model's`);
  }
  return { bytes: data.byteLength, sha256: actual };
}
