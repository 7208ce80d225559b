import { serializeCheckpoint } from '@dl/core';
import type { CheckpointMetadata, NamedTensors } from '@dl/core';
import type { StorageDtype } from './types.js';

export interface EncodePretrainedOptions {
  /** How float32 tensors are stored: `'float16'` (the zoo's, half the bytes) or `'float32'`; default `'float16'`. */
  dtype?: StorageDtype;
  /** JSON metadata kept in the file's header. */
  metadata?: CheckpointMetadata;
}

/**
 * Encodes named tensors (a module's `stateDict()`) as a zoo weights file: a `@dl/core` checkpoint
 * (`deserializeCheckpoint` reads it, sizes and CRC-32s checked) whose float32 tensors are stored as
 * float16 by default (TF.js's `float16` quantization, round to nearest even; int32 counters stay
 * int32). Reads the tensors' values; they stay yours. What `scripts/make.mjs` writes.
 */
export async function encodePretrained(tensors: NamedTensors, options: EncodePretrainedOptions = {}): Promise<Uint8Array> {
  if (options === null || typeof options !== 'object') throw new TypeError(`encodePretrained: options must be an object, got ${String(options)}`);
  for (const k of Object.keys(options)) if (k !== 'dtype' && k !== 'metadata') throw new TypeError(`encodePretrained: unknown option '${k}' (allowed: dtype, metadata)`);
  const dtype = options.dtype ?? 'float16';
  if (dtype !== 'float16' && dtype !== 'float32') throw new RangeError(`encodePretrained: dtype must be 'float16' or 'float32', got ${JSON.stringify(dtype)}`);
  const metadata = { ...(options.metadata ?? {}), dtype };
  return serializeCheckpoint(tensors, { metadata, ...(dtype === 'float16' ? { quantize: 'float16' as const } : {}) });
}
