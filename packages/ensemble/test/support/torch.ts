// Reads the PyTorch fixtures' tensors ({shape, dtype, values}, in our names and layouts).
import { tf } from '@dl/core';
import type { NamedTensors } from '@dl/core';
import { batchNorm1d, batchNorm2d, conv2d, dense, flatten, globalAvgPool2d, relu, sequential } from '@dl/layers';

export interface FxTensor {
  shape: number[];
  dtype?: 'float32' | 'int32';
  values: number[];
}

export const toTensor = (t: FxTensor): tf.Tensor => tf.tensor(t.values, t.shape, t.dtype ?? 'float32');
export const toNamed = (m: Record<string, FxTensor>): NamedTensors => tf.tidy(() => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, toTensor(t)])));

/** The fixtures' MLP: Linear(3, 4), BatchNorm1d(4), Linear(4, 2). */
export const mlp = () => sequential(dense(3, 4), batchNorm1d(4), dense(4, 2));

/** The fixtures' batch-norm network (NHWC): conv 3x3, BN2d (momentum 0.3), ReLU, global pool, dense, BN1d (momentum null). */
export const bnNet = () =>
  sequential(conv2d(2, 3, 3, { padding: 1 }), batchNorm2d(3, { momentum: 0.3 }), relu, globalAvgPool2d(), flatten(), dense(3, 5), batchNorm1d(5, { momentum: null }));

/** Float32 on every backend: 1e-5 relative, as the other packages' PyTorch comparisons. */
export const TOL = { rtol: 1e-5, atol: 1e-6 };
