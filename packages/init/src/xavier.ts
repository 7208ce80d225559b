import { tf } from '@dl/core';
import { checkFloatDtype, checkNonNegative, checkOptions, rngOf } from './internal/checks.js';
import { fansOf } from './internal/fans.js';
import type { RandomOptions } from './types.js';

export interface XavierOptions extends RandomOptions {
  /** Scaling factor, default 1; `calculateGain(nonlinearity)` for the layer's activation. */
  gain?: number;
}

function std(shape: number[], options: XavierOptions, where: string): number {
  checkOptions(options, where);
  const { gain = 1 } = options;
  checkNonNegative(gain, 'gain', where);
  const { fanIn, fanOut } = fansOf(shape, where);
  return gain * Math.sqrt(2.0 / (fanIn + fanOut));
}

/** The standard deviation of Glorot/Xavier initialisation: `gain · √(2 / (fanIn + fanOut))`. */
export function xavierStd(shape: number[], options: { gain?: number } = {}): number {
  return std(shape, options, 'xavierStd');
}

/** Values from U(−bound, bound), bound = `gain · √(6 / (fanIn + fanOut))` (`torch.nn.init.xavier_uniform_`). */
export function xavierUniform(shape: number[], options: XavierOptions = {}): tf.Tensor {
  const where = 'xavierUniform';
  const bound = Math.sqrt(3.0) * std(shape, options, where);
  const dtype = checkFloatDtype(options.dtype, where);
  return tf.randomUniform(shape, -bound, bound, dtype, rngOf(options.seed, where).seed());
}

/** Values from N(0, std²), std = `gain · √(2 / (fanIn + fanOut))` (`torch.nn.init.xavier_normal_`). */
export function xavierNormal(shape: number[], options: XavierOptions = {}): tf.Tensor {
  const where = 'xavierNormal';
  const s = std(shape, options, where);
  const dtype = checkFloatDtype(options.dtype, where);
  return tf.randomNormal(shape, 0, s, dtype, rngOf(options.seed, where).seed());
}

/** Alias of {@link xavierUniform} (Keras's name). */
export const glorotUniform = xavierUniform;
/** Alias of {@link xavierNormal} (Keras's name; Keras's own draws from a truncated normal). */
export const glorotNormal = xavierNormal;
