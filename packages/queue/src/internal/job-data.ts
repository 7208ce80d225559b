import type { TrialTask } from '@dl/train';
import type { CheckpointPlace } from './checkpoints.js';

/** What a BullMQ job carries: the trial as data, and what a worker must agree with. */
export interface JobData {
  version: string;
  study: string;
  task: TrialTask;
  checkpoints: CheckpointPlace;
}

/** A finished trial as the results hash keeps it. */
export interface StoredResult {
  params: Record<string, unknown>;
  score: number | null;
  diverged: boolean;
  stopped: boolean;
  epochs: number;
  worker: string;
  outcome: Record<string, unknown>;
}
