import type { tf, Rng, Schedule } from '@dl/core';
import type { Optimizer } from '@dl/optim';
import type { TrainingState } from './training-state.js';

/** The model `fit` trains: a `@dl/layers` `Module`, or any function of named variables (the optimizer's). */
export interface ModuleLike {
  apply(x: tf.Tensor, options?: { training?: boolean; rng?: Rng }): tf.Tensor;
  stateDict(): Record<string, tf.Tensor>;
  loadStateDict(state: Record<string, tf.Tensor>, options?: { strict?: boolean }): void;
  train(mode?: boolean): unknown;
  eval(): unknown;
}
export type ForwardFn = (x: tf.Tensor, options: { training: boolean; rng: Rng }) => tf.Tensor;
export type Model = ModuleLike | ForwardFn;

/** `(outputs, labels) => scalar loss`; labels are `[N]` class ids or `[N, C]` soft labels. */
export type LossFn = (outputs: tf.Tensor, labels: tf.Tensor) => tf.Scalar;

/** One epoch's figures. `topK` is the top-k accuracy when `fit`'s `topK` is set. */
export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
  topK?: number;
  valLoss?: number;
  valAccuracy?: number;
  valTopK?: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
  /** Optimizer steps applied this epoch. */
  steps: number;
  /** Steps skipped for non-finite gradients this epoch (`nonFinite: 'skip'`). */
  skippedSteps?: number;
  seconds: number;
  samplesPerSecond: number;
}

/** Running figures of the epoch so far, read every `logEvery` steps. */
export interface BatchLog {
  epoch: number;
  /** 1-based batch within the epoch. */
  batch: number;
  batches: number;
  /** Optimizer steps done in the whole run (resumed runs included). */
  step: number;
  lr: number;
  /** Examples of the epoch's applied steps so far. */
  samples: number;
  /** Steps skipped for non-finite gradients this epoch so far. */
  skipped: number;
  seconds: number;
  /** Mean loss and accuracy over the epoch so far; present only on steps where they were read back. */
  loss?: number;
  accuracy?: number;
}

/** Every figure of a run: per epoch, the learning rate per step, and the running figures read back. */
export interface History {
  epochs: EpochLog[];
  /** The learning rate used at each optimizer step (index = step). */
  lr: number[];
  /** The running figures read back during each epoch. */
  batches: { step: number; epoch: number; loss: number; accuracy: number }[];
}

export type StopReason = 'early-stopping' | 'nan' | 'callback';

/** What callbacks see and may act on. */
export interface TrainContext {
  readonly optimizer: Optimizer;
  readonly model: Model;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly batchSize: number;
  readonly trainSize: number;
  /** The current (1-based) epoch. */
  readonly epoch: number;
  readonly history: History;
  readonly rng: Rng;
  /** Asks `fit` to stop: after the current batch when called from `onBatchEnd`, else after the epoch (at once for `'nan'`). */
  stop(message: string, reason?: StopReason): void;
  readonly stopped: { reason: StopReason; message: string; epoch: number } | undefined;
  /**
   * Sets this run's learning-rate schedule (what `fit`'s `schedule` option does): per step from
   * the run's first step, or per epoch; every param group from its own base rate.
   */
  setSchedule(schedule: Schedule, options?: { per?: 'step' | 'epoch' }): void;
  /** Copies of the weights (model state dict, buffers included); the caller disposes them. */
  weights(): Record<string, tf.Tensor>;
  /** Assigns weights from a `weights()` snapshot. */
  setWeights(weights: Record<string, tf.Tensor>): void;
  /** The whole training state (weights, optimizer, RNG, epoch, history, callbacks) as checkpoint bytes. */
  snapshot(): Promise<Uint8Array>;
}

/** Hooks are optional and may be async. `state`/`loadState` go into checkpoints, keyed by `name`. */
export interface Callback {
  name?: string;
  /** Order among callbacks: lower runs first (default 0; checkpoints 100, so they see the others' updated state). */
  priority?: number;
  /**
   * Called by `fit` before a `resume` checkpoint is checked against the optimizer, with the
   * decoded checkpoint (its `metadata.callbacks` holds what `state()` returned): a callback that
   * changes the optimizer during a run (adds param groups, freezes layers) restores that here.
   * It runs before the checks (they need the restored groups), so what it changes stays even when
   * the checkpoint is then refused.
   */
  onResume?(info: { optimizer: Optimizer; model: Model; state: TrainingState }): void | Promise<void>;
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(ctx: TrainContext, epoch: number): void | Promise<void>;
  onBatchEnd?(ctx: TrainContext, log: BatchLog): void | Promise<void>;
  onEpochEnd?(ctx: TrainContext, log: EpochLog): void | Promise<void>;
  onTrainEnd?(ctx: TrainContext): void | Promise<void>;
  state?(): unknown;
  loadState?(state: unknown): void;
}
