import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from './backend-data.js';
import { heapOffset, nativeKernel, nativeKernels } from './native.js';
import { reduceSum, type ReduceLayout } from './reduce-loop.js';

/** The float32 sum (times `scale`) of `x` per `layout`: the native loop on wasm, else reduceSum. */
export function reduceKernel(backend: KernelBackend, x: TensorInfo, layout: ReduceLayout, scale: number): TensorInfo {
  const native = nativeKernels(backend);
  if (native !== undefined) {
    const from = heapOffset(backend, x);
    const { outer, inner, leading } = layout;
    return nativeKernel(backend, [layout.shape], leading ? 2 * inner : 0, ([out], scratch) =>
      leading ? native.sum_leading(from, outer, inner, scale, out!, scratch) : native.sum_trailing(from, outer, inner, scale, out!),
    )[0]!;
  }
  return makeF32(backend, layout.shape, reduceSum(readF32(backend, x), layout, scale));
}
