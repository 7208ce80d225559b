import type { ScalableSchedule, Schedule } from '@dl/core';

/**
 * A learning-rate schedule that also cycles momentum (`oneCycle`, `cyclic` with `cycleMomentum`):
 * `momentum(t)` is the value PyTorch's scheduler sets into SGD's `momentum` (or Adam's `betas[0]`)
 * at step `t`. It is not a rate: `scaleSchedule` scales the learning rate and keeps `momentum`.
 */
export interface MomentumSchedule extends ScalableSchedule {
  readonly momentum?: Schedule;
}
