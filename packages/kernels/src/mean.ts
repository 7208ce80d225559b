import { Mean, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { backendName } from './internal/backend-data.js';
import type { KernelArgs } from './internal/kernel-types.js';
import { runOriginal, withStockSetup } from './internal/originals.js';
import { reduceKernel } from './internal/reduce-kernel.js';
import { reduceLayout } from './internal/reduce-loop.js';

function kernel(args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const layout = x.dtype === 'float32' ? reduceLayout(x.shape, util.parseAxisParam(axis, x.shape), keepDims) : undefined;
  if (layout === undefined || layout.count === 0) return runOriginal(Mean, backendName(args.backend), args, 'this reduction');
  return reduceKernel(args.backend, x, layout, 1 / layout.count);
}

/**
 * Mean for cpu over a run of leading or trailing axes of a float32 tensor (batch norm's batch
 * statistics: the mean over N, H, W), summed in float64 in one pass; other reductions go to the
 * stock kernel.
 */
export const meanCpu: KernelConfig = { kernelName: Mean, backendName: 'cpu', kernelFunc: kernel as unknown as KernelFunc };
/** Mean for wasm: the same loop over the heap (the stock kernel transposes first). */
export const meanWasm: KernelConfig = withStockSetup({ kernelName: Mean, backendName: 'wasm', kernelFunc: kernel as unknown as KernelFunc });
