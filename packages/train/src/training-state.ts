import { deserializeCheckpoint, disposeTensors, serializeCheckpoint } from '@dl/core';
import type { Checkpoint, NamedTensors, RngState } from '@dl/core';
import type { History } from './types.js';

/** The metadata `fit` stores with the weights and the optimizer state. */
export interface TrainingStateMetadata {
  format: 'dl-train';
  version: 1;
  /** Epochs completed. */
  epoch: number;
  rng: RngState;
  optimizer: Record<string, unknown>;
  history: History;
  callbacks: Record<string, unknown>;
}

export interface TrainingState {
  weights: NamedTensors;
  optimizer: Record<string, unknown> & { tensors: NamedTensors };
  metadata: TrainingStateMetadata;
}

const MODEL = 'model/';
const OPTIM = 'optimizer/';

/** Serializes weights, optimizer state dict and metadata into one checkpoint buffer. */
export async function encodeTrainingState(weights: NamedTensors, optimizerDict: Record<string, unknown> & { tensors: NamedTensors }, meta: Omit<TrainingStateMetadata, 'format' | 'version' | 'optimizer'>): Promise<Uint8Array> {
  const { tensors, ...optimizer } = optimizerDict;
  const all: NamedTensors = {};
  for (const [k, t] of Object.entries(weights)) all[MODEL + k] = t;
  for (const [k, t] of Object.entries(tensors)) all[OPTIM + k] = t;
  return serializeCheckpoint(all, { metadata: { format: 'dl-train', version: 1, ...meta, optimizer } });
}

/**
 * Reads a `fit` checkpoint (bytes, or a `Checkpoint` from `loadCheckpoint`). The caller owns
 * (and disposes) the tensors.
 */
export function decodeTrainingState(source: Uint8Array | Checkpoint, where = 'resume'): TrainingState {
  const ckpt = source instanceof Uint8Array ? deserializeCheckpoint(source, { source: where }) : source;
  const meta = ckpt.metadata as Partial<TrainingStateMetadata>;
  if (meta.format !== 'dl-train' || meta.version !== 1) {
    disposeTensors(ckpt.tensors);
    throw new TypeError(`${where}: not a @dl/train checkpoint (format ${JSON.stringify(meta.format)})`);
  }
  const weights: NamedTensors = {};
  const tensors: NamedTensors = {};
  for (const [k, t] of Object.entries(ckpt.tensors)) {
    if (k.startsWith(MODEL)) weights[k.slice(MODEL.length)] = t;
    else if (k.startsWith(OPTIM)) tensors[k.slice(OPTIM.length)] = t;
  }
  return { weights, optimizer: { ...meta.optimizer, tensors }, metadata: meta as TrainingStateMetadata };
}
