// Registration first, so the engine and Tensor class come from the app's tfjs-core.
import * as tf from '@tensorflow/tfjs-core';
import './register.js';

export { tf };
export { useBackend, currentBackend, autoOrder, BackendUnavailableError, BACKEND_NAMES } from './backend.js';
export type { BackendName, UseBackendOptions } from './backend.js';
export { Rng, toRng } from './rng.js';
export type { RngState, SeedLike } from './rng.js';
export {
  flattenTensors,
  unflattenTensors,
  mapTensors,
  zipTensors,
  cloneTensors,
  disposeTensors,
  assertSameNames,
  countElements,
} from './named.js';
export type { NamedTensors, TensorTree } from './named.js';
export { encodeWeights, decodeWeights, serializeCheckpoint, deserializeCheckpoint, CheckpointError } from './checkpoint.js';
export type { Checkpoint, CheckpointMetadata, WeightsArtifacts } from './checkpoint.js';
export { quantizeWeights } from './quantize-weights.js';
export type { WeightsQuantization } from './quantize-weights.js';
export { variableGrads } from './variable-grads.js';
export { scheduleValue, scaleSchedule, shiftSchedule, withScaled } from './schedule.js';
export type { Schedule, ScalarOrSchedule, ScalableSchedule } from './schedule.js';
