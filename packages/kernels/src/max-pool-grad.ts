import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from './internal/backend-data.js';
import { poolGeometry } from './internal/geometry.js';
import type { KernelArgs, PoolGradAttrs } from './internal/kernel-types.js';
import { maxPoolGradLoop } from './internal/max-pool-grad-loop.js';

function kernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as PoolGradAttrs;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry(input.shape, attrs.filterSize, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  return makeF32(args.backend, input.shape.slice(), maxPoolGradLoop(readF32(args.backend, dy), readF32(args.backend, input), g));
}

/** MaxPoolGrad for cpu: one pass over the windows (the stock kernel goes through TensorBuffers). */
export const maxPoolGradCpu: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'cpu', kernelFunc: kernel as unknown as KernelFunc };
/** MaxPoolGrad for wasm: the same loop over the heap. */
export const maxPoolGradWasm: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'wasm', kernelFunc: kernel as unknown as KernelFunc };
