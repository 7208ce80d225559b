import * as tf from '@tensorflow/tfjs-core';

interface EngineState {
  activeTape: { saved?: tf.Tensor[] }[] | null;
  gradientDepth: number;
}

/**
 * `tf.variableGrads` that leaves nothing behind when `f` throws. TF.js's own ends the tape's
 * scope but keeps the tensors saved for the backward pass (and the tape itself) when the forward
 * pass throws: every failing loss leaks them. This frees them, so a training loop's error paths
 * can be leak-free.
 */
export function variableGrads(f: () => tf.Scalar, varList?: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  const outer = state.activeTape !== null && state.activeTape !== undefined;
  try {
    return tf.variableGrads(f, varList);
  } catch (e) {
    if (!outer && state.gradientDepth === 0 && state.activeTape) {
      for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
      state.activeTape = null;
    }
    throw e;
  }
}
