import * as tf from '@tensorflow/tfjs-core';
import { crc32 } from './internal/crc32.js';
import { show } from './internal/errors.js';
import type { NamedTensors } from './named.js';
import { quantizeWeights } from './quantize-weights.js';
import type { WeightsQuantization } from './quantize-weights.js';

/** JSON-serialisable metadata stored beside the tensors (step, epoch, RNG state, options...). */
export type CheckpointMetadata = Record<string, unknown>;

/** A checkpoint in the TF.js weights format: one binary buffer and the `weightSpecs` that describe it. */
export interface WeightsArtifacts {
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

export interface Checkpoint {
  tensors: NamedTensors;
  metadata: CheckpointMetadata;
}

/** Thrown for a file that is not a checkpoint, is truncated, or fails its checksum. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const MAGIC = [0x44, 0x4c, 0x43, 0x4b, 0x50, 0x54, 0x00]; // "DLCKPT\0"
const VERSION = 1;
const PREAMBLE = MAGIC.length + 1 + 4; // magic, version byte, header length
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

function checkNamed(tensors: unknown, where: string): asserts tensors is NamedTensors {
  if (tensors === null || typeof tensors !== 'object' || Array.isArray(tensors)) {
    throw new TypeError(`${where}: tensors must be an object of named tensors, got ${show(tensors)}`);
  }
  for (const [name, t] of Object.entries(tensors)) {
    if (!(t instanceof tf.Tensor)) throw new TypeError(`${where}: ${show(name)} is not a tensor`);
    if (t.isDisposed) throw new TypeError(`${where}: ${show(name)} is disposed`);
    if (t.dtype === 'string' || t.dtype === 'complex64') throw new TypeError(`${where}: ${show(name)} has dtype ${t.dtype}, which checkpoints do not store`);
  }
}

function checkQuantize(where: string, quantize: unknown): void {
  if (quantize !== undefined && quantize !== 'float16' && quantize !== 'uint8') {
    throw new RangeError(`${where}: quantize must be 'float16' or 'uint8', got ${show(quantize)}`);
  }
}

/**
 * Encodes named tensors into the TF.js weights format (reads their values; the tensors stay
 * yours); `quantize` stores the float32 ones as float16 or uint8 (see {@link quantizeWeights}).
 */
export async function encodeWeights(tensors: NamedTensors, options: { quantize?: WeightsQuantization } = {}): Promise<WeightsArtifacts> {
  checkNamed(tensors, 'encodeWeights');
  checkQuantize('encodeWeights', options?.quantize);
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const artifacts = { weightSpecs: specs, weightData: data };
  return options.quantize ? quantizeWeights(artifacts, options.quantize) : artifacts;
}

function specBytes(spec: tf.io.WeightsManifestEntry): number {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const per = DTYPE_BYTES[spec.dtype];
  if (per === undefined || spec.quantization !== undefined) return Number.NaN;
  return size * per;
}

/** Decodes the TF.js weights format into new tensors (the caller owns them). */
export function decodeWeights(artifacts: WeightsArtifacts): NamedTensors {
  const { weightSpecs, weightData } = artifacts;
  if (!Array.isArray(weightSpecs)) throw new TypeError(`decodeWeights: weightSpecs must be an array, got ${show(weightSpecs)}`);
  const expected = weightSpecs.reduce((n, s) => n + specBytes(s), 0);
  if (Number.isFinite(expected) && expected !== weightData.byteLength) {
    throw new CheckpointError(`decodeWeights: the weightSpecs describe ${expected} bytes but weightData has ${weightData.byteLength}`);
  }
  return tf.io.decodeWeights(weightData, weightSpecs);
}

/**
 * Serialises named tensors and metadata into one self-checking byte buffer: a magic
 * number and version, a JSON header holding the TF.js `weightSpecs`, the metadata and
 * CRC-32s of the header and of the weights, then the weights buffer itself. `quantize`
 * stores float32 tensors as float16 or uint8 (read back as float32).
 */
export async function serializeCheckpoint(
  tensors: NamedTensors,
  options: { metadata?: CheckpointMetadata; quantize?: WeightsQuantization } = {},
): Promise<Uint8Array> {
  checkNamed(tensors, 'serializeCheckpoint');
  const metadata = options.metadata ?? {};
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new TypeError(`serializeCheckpoint: metadata must be a plain object, got ${show(metadata)}`);
  }
  checkQuantize('serializeCheckpoint', options.quantize);
  const { weightSpecs, weightData } = await encodeWeights(tensors, options.quantize ? { quantize: options.quantize } : {});
  const weights = new Uint8Array(weightData);
  const header = new TextEncoder().encode(
    JSON.stringify({
      format: 'dl-checkpoint',
      version: VERSION,
      weightSpecs,
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

/**
 * Parses what {@link serializeCheckpoint} wrote, verifying sizes and checksums before any
 * tensor is made. `source` (a file name) only goes into error messages.
 */
export function deserializeCheckpoint(bytes: Uint8Array | ArrayBuffer, options: { source?: string } = {}): Checkpoint {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const what = options.source === undefined ? 'checkpoint' : `checkpoint ${options.source}`;
  if (data.byteLength < PREAMBLE || MAGIC.some((b, i) => data[i] !== b)) {
    throw new CheckpointError(`${what} is not a @dl checkpoint (bad magic bytes${data.byteLength < PREAMBLE ? `, only ${data.byteLength} bytes` : ''})`);
  }
  const version = data[MAGIC.length];
  if (version !== VERSION) throw new CheckpointError(`${what} has format version ${version}; this @dl/core reads version ${VERSION}`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerBytes = view.getUint32(MAGIC.length + 1, true);
  const headerEnd = PREAMBLE + headerBytes;
  if (data.byteLength < headerEnd + 4) {
    throw new CheckpointError(`${what} is truncated: its header needs ${headerEnd + 4} bytes, the data has ${data.byteLength}`);
  }
  const headerRaw = data.subarray(PREAMBLE, headerEnd);
  if (crc32(headerRaw) !== view.getUint32(headerEnd, true)) throw new CheckpointError(`${what} is corrupted: the header checksum does not match`);
  let header: { format?: unknown; weightSpecs?: tf.io.WeightsManifestEntry[]; weightBytes?: number; weightCrc32?: number; metadata?: CheckpointMetadata };
  try {
    header = JSON.parse(new TextDecoder().decode(headerRaw));
  } catch (error) {
    throw new CheckpointError(`${what} is corrupted: its header is not JSON (${(error as Error).message})`);
  }
  if (header.format !== 'dl-checkpoint' || !Array.isArray(header.weightSpecs) || typeof header.weightBytes !== 'number') {
    throw new CheckpointError(`${what} is corrupted: its header lacks format, weightSpecs or weightBytes`);
  }
  const weightsStart = headerEnd + 4;
  const available = data.byteLength - weightsStart;
  if (available < header.weightBytes) {
    throw new CheckpointError(`${what} is truncated: the header announces ${header.weightBytes} bytes of weights, the data has ${available}`);
  }
  if (available > header.weightBytes) {
    throw new CheckpointError(`${what} is corrupted: ${available - header.weightBytes} unexpected bytes after the weights`);
  }
  // A copy: Node's Buffer.slice shares a pooled ArrayBuffer, which decodeWeights would read whole.
  const weights = new Uint8Array(header.weightBytes);
  weights.set(data.subarray(weightsStart, weightsStart + header.weightBytes));
  if (crc32(weights) !== header.weightCrc32) throw new CheckpointError(`${what} is corrupted: the weights checksum does not match`);
  const tensors = decodeWeights({ weightSpecs: header.weightSpecs, weightData: weights.buffer });
  return { tensors, metadata: header.metadata ?? {} };
}
