import { checkFinite, show } from './internal/checks.js';

/** PyTorch's `nn.functional` names, plus camelCase spellings of the two-word ones. */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'convTranspose1d'
  | 'convTranspose2d'
  | 'convTranspose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'leakyRelu'
  | 'selu';

const ONE = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid']);
export const NONLINEARITIES: readonly Nonlinearity[] = [...ONE, 'tanh', 'relu', 'leaky_relu', 'leakyRelu', 'selu'] as Nonlinearity[];

/**
 * The recommended gain for a nonlinearity (`torch.nn.init.calculate_gain`): 1 for linear,
 * convolutions and sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky ReLU
 * (`param` is the negative slope, 0.01 when omitted), 3/4 for SELU.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  const where = 'calculateGain';
  if (ONE.has(nonlinearity)) return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'leaky_relu' || nonlinearity === 'leakyRelu') {
    const slope = param ?? 0.01;
    checkFinite(slope, 'param (the negative slope)', where);
    return Math.sqrt(2.0 / (1 + slope ** 2));
  }
  if (nonlinearity === 'selu') return 3.0 / 4;
  throw new RangeError(`${where}: unknown nonlinearity ${show(nonlinearity)}; expected one of ${NONLINEARITIES.map((n) => `'${n}'`).join(', ')}`);
}
