import { AvgPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from './internal/backend-data.js';
import { avgPoolGradLoop } from './internal/avg-pool-grad-loop.js';
import { poolGeometry } from './internal/geometry.js';
import type { KernelArgs, PoolGradAttrs } from './internal/kernel-types.js';

function kernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as PoolGradAttrs;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry(input.shape, attrs.filterSize, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  return makeF32(args.backend, input.shape.slice(), avgPoolGradLoop(readF32(args.backend, dy), g));
}

/** AvgPoolGrad for cpu; unlike the stock kernel, correct at 'same' borders. */
export const avgPoolGradCpu: KernelConfig = { kernelName: AvgPoolGrad, backendName: 'cpu', kernelFunc: kernel as unknown as KernelFunc };
/** AvgPoolGrad for wasm; unlike the stock kernel, correct at 'same' borders. */
export const avgPoolGradWasm: KernelConfig = { kernelName: AvgPoolGrad, backendName: 'wasm', kernelFunc: kernel as unknown as KernelFunc };
