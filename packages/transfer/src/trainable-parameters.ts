import type { tf } from '@dl/core';
import type { Module } from '@dl/layers';
import { checkModule } from './internal/modules.js';

/**
 * The parameters whose `trainable` flag is on: what to build the optimizer from after `freeze`
 * (PyTorch's `filter(lambda p: p.requires_grad, model.parameters())`), so frozen ones get no state.
 */
export function trainableParameters(model: Module): Record<string, tf.Variable> {
  checkModule('trainableParameters', model);
  return Object.fromEntries(Object.entries(model.parameters()).filter(([, v]) => v.trainable));
}
