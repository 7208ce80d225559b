import { Identity } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { runOriginal } from '../../internal/originals.js';

interface RefCounted {
  incRef(dataId: TensorInfo['dataId']): void;
}

/**
 * Identity for wasm: the output shares the input's heap buffer and counts one more reference
 * to it, as the cpu backend's Identity does (tensors are immutable, and the buffer is freed
 * when its last tensor is). The stock kernel copies the whole buffer: tfjs's gradients pass
 * dy through Identity (Add's, clone's), three full activation copies per step of a small CNN,
 * about 5 % of its step.
 */
function wasmKernel(args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === 'string') return runOriginal(Identity, 'wasm', args, 'string tensors');
  (args.backend as unknown as RefCounted).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

/** Identity for wasm without a copy: the output shares the input's buffer (reference-counted). */
export const identityWasm: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: wasmKernel as unknown as KernelFunc,
};
