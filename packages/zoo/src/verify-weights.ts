import { verifyAs } from './internal/verify.js';

/**
 * Checks a weights file against the manifest entry of model `name`: its size first (a truncated
 * download fails here without hashing), then its SHA-256. Throws a `PretrainedWeightsError` naming
 * the model and the expected and actual size or hash; resolves to the hash when the file is the
 * manifest's. `loadPretrained` calls it before decoding anything.
 */
export async function verifyWeights(name: string, bytes: Uint8Array | ArrayBuffer, options: { source?: string } = {}): Promise<{ bytes: number; sha256: string }> {
  return verifyAs('verifyWeights', name, bytes, options.source);
}
