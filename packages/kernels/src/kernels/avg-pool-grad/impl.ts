import type { TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from '../../internal/backend-data.js';
import { avgPoolGradLoop } from '../../internal/avg-pool-grad-loop.js';
import { poolGeometry } from '../../internal/geometry.js';
import type { KernelArgs, PoolGradAttrs } from '../../internal/kernel-types.js';

/** AvgPoolGrad on a typed-array loop (cpu, and wasm over its heap). */
export function avgPoolGrad(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as PoolGradAttrs;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const g = poolGeometry(input.shape, attrs.filterSize, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  return makeF32(args.backend, input.shape.slice(), avgPoolGradLoop(readF32(args.backend, dy), g));
}
