import { tf } from '@dl/core';
import { checkDtype, checkFinite, checkOptions, checkShape } from './internal/checks.js';

export interface ConstantOptions {
  dtype?: 'float32' | 'int32';
}

/** A tensor filled with `value` (`torch.nn.init.constant_`). */
export function constant(shape: number[], options: ConstantOptions & { value: number }): tf.Tensor {
  const where = 'constant';
  checkOptions(options, where);
  checkShape(shape, where);
  checkFinite(options?.value, 'value', where);
  const dtype = checkDtype(options.dtype, where);
  if (dtype === 'int32' && !Number.isInteger(options.value)) {
    throw new TypeError(`${where}: value must be an integer for dtype 'int32', got ${options.value}`);
  }
  return tf.fill(shape, options.value, dtype);
}

/** A tensor of zeros (`torch.nn.init.zeros_`). */
export function zeros(shape: number[], options: ConstantOptions = {}): tf.Tensor {
  checkOptions(options, 'zeros');
  checkShape(shape, 'zeros');
  return tf.zeros(shape, checkDtype(options.dtype, 'zeros'));
}

/** A tensor of ones (`torch.nn.init.ones_`). */
export function ones(shape: number[], options: ConstantOptions = {}): tf.Tensor {
  checkOptions(options, 'ones');
  checkShape(shape, 'ones');
  return tf.ones(shape, checkDtype(options.dtype, 'ones'));
}
