import { tf } from '@dl/core';
import { calculateGain } from './calculate-gain.js';
import type { Nonlinearity } from './calculate-gain.js';
import { checkFinite, checkFloatDtype, checkOptions, rngOf, show } from './internal/checks.js';
import { fansOf } from './internal/fans.js';
import type { RandomOptions } from './types.js';

export type FanMode = 'fanIn' | 'fanOut';

export interface KaimingScaleOptions {
  /** Negative slope of the rectifier after this layer (only used with `'leaky_relu'`), default 0. */
  a?: number;
  /** `'fanIn'` (default) keeps the forward pass's variance, `'fanOut'` the backward pass's. */
  mode?: FanMode;
  /** Default `'leaky_relu'` (with `a = 0`, the same gain as `'relu'`), as PyTorch. */
  nonlinearity?: Nonlinearity;
}

export interface KaimingOptions extends KaimingScaleOptions, RandomOptions {}

function std(shape: number[], options: KaimingScaleOptions, where: string): number {
  checkOptions(options, where);
  const { a = 0, mode = 'fanIn', nonlinearity = 'leaky_relu' } = options;
  checkFinite(a, 'a', where);
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new RangeError(`${where}: mode must be 'fanIn' or 'fanOut', got ${show(mode)}`);
  let gain: number;
  try {
    gain = calculateGain(nonlinearity, a);
  } catch (error) {
    throw new RangeError(`${where}: ${(error as Error).message.replace(/^calculateGain: /, '')}`);
  }
  const fans = fansOf(shape, where);
  return gain / Math.sqrt(mode === 'fanIn' ? fans.fanIn : fans.fanOut);
}

/** The standard deviation of He/Kaiming initialisation: `gain(nonlinearity, a) / √fan`. */
export function kaimingStd(shape: number[], options: KaimingScaleOptions = {}): number {
  return std(shape, options, 'kaimingStd');
}

/** Values from U(−bound, bound), bound = `gain · √(3 / fan)` (`torch.nn.init.kaiming_uniform_`). */
export function kaimingUniform(shape: number[], options: KaimingOptions = {}): tf.Tensor {
  const where = 'kaimingUniform';
  const bound = Math.sqrt(3.0) * std(shape, options, where);
  const dtype = checkFloatDtype(options.dtype, where);
  return tf.randomUniform(shape, -bound, bound, dtype, rngOf(options.seed, where).seed());
}

/** Values from N(0, std²), std = `gain / √fan` (`torch.nn.init.kaiming_normal_`). */
export function kaimingNormal(shape: number[], options: KaimingOptions = {}): tf.Tensor {
  const where = 'kaimingNormal';
  const s = std(shape, options, where);
  const dtype = checkFloatDtype(options.dtype, where);
  return tf.randomNormal(shape, 0, s, dtype, rngOf(options.seed, where).seed());
}

/** Alias of {@link kaimingUniform}. */
export const heUniform = kaimingUniform;
/** Alias of {@link kaimingNormal} (Keras's draws from a truncated normal; this one, as PyTorch, does not). */
export const heNormal = kaimingNormal;
