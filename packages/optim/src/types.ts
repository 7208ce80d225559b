import type { NamedTensors, Schedule } from '@dl/core';
import type { tf } from '@dl/core';

/**
 * What a transformation keeps between updates: tensors, plain numbers and flags, schedules,
 * nested in objects and arrays. Plain JSON apart from the tensors and schedules, so
 * `Optimizer.stateDict()` can store it.
 */
export type StateValue =
  | tf.Tensor
  | number
  | boolean
  | string
  | null
  | Schedule
  | readonly StateValue[]
  | { readonly [key: string]: StateValue };

/** The result of one `update`: what to add to the parameters, and the next state. */
export interface TransformResult<S> {
  updates: NamedTensors;
  state: S;
}

/**
 * A gradient transformation after Optax: `init` builds the state from the parameters,
 * `update` maps gradients (and the current parameters) to updates and a new state.
 * Pure: inputs are never modified or disposed. To save copies, `updates` may share tensors with
 * the gradients or with the new state: wrap a whole step in `tf.tidy` (returning the new
 * parameters and state) rather than disposing `updates` by hand (the `Optimizer` does this).
 */
export interface GradientTransformation<S = StateValue> {
  init(params: NamedTensors): S;
  update(grads: NamedTensors, state: S, params?: NamedTensors): TransformResult<S>;
}
