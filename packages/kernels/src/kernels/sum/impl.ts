import { Sum, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { backendName } from '../../internal/backend-data.js';
import type { KernelArgs } from '../../internal/kernel-types.js';
import { runOriginal } from '../../internal/originals.js';
import { reduceKernel } from '../../internal/reduce-kernel.js';
import { reduceLayout } from '../../internal/reduce-loop.js';

/** Sum over a run of leading or trailing axes of a float32 tensor, summed in float64 (native on wasm with SIMD); other reductions go to the stock kernel. */
export function sumKernel(args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const layout = x.dtype === 'float32' ? reduceLayout(x.shape, util.parseAxisParam(axis, x.shape), keepDims) : undefined;
  if (layout === undefined) return runOriginal(Sum, backendName(args.backend), args, 'this reduction');
  return reduceKernel(args.backend, x, layout, 1);
}
