// @dl/core's checkpoint layout (serializeCheckpoint) for artifacts that are already encoded, such as
// float16 ones, which serializeCheckpoint cannot write yet; @dl/core's deserializeCheckpoint reads them.
import type { CheckpointMetadata, WeightsArtifacts } from '@dl/core';
import { crc32 } from './crc32.js';

const MAGIC = [0x44, 0x4c, 0x43, 0x4b, 0x50, 0x54, 0x00]; // "DLCKPT\0"
const VERSION = 1;
const PREAMBLE = MAGIC.length + 1 + 4;

/** Magic, version, header length, JSON header (specs, sizes, CRC-32 of the weights, metadata), header CRC-32, weights. */
export function checkpointBytes(artifacts: WeightsArtifacts, metadata: CheckpointMetadata): Uint8Array {
  const weights = new Uint8Array(artifacts.weightData);
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: 'dl-checkpoint',
      version: VERSION,
      weightSpecs: artifacts.weightSpecs,
      weightBytes: weights.byteLength,
      weightCrc32: crc32(weights),
      metadata,
    }),
  );
  const out = new Uint8Array(PREAMBLE + header.byteLength + 4 + weights.byteLength);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[MAGIC.length] = VERSION;
  view.setUint32(MAGIC.length + 1, header.byteLength, true);
  out.set(header, PREAMBLE);
  view.setUint32(PREAMBLE + header.byteLength, crc32(header), true);
  out.set(weights, PREAMBLE + header.byteLength + 4);
  return out;
}
