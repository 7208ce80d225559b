import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from '../../internal/backend-data.js';
import { conv2dFilterGradLoop } from '../../internal/conv2d-filter-grad-loop.js';
import { conv2dFilterGradGemm } from '../../internal/conv2d-gemm.js';
import { isChannelsFirst } from '../../internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from '../../internal/kernel-types.js';
import { runOriginal } from '../../internal/originals.js';
import { filterGradGeometry } from './impl.js';

function cpuKernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  if (isChannelsFirst(attrs.dataFormat)) return runOriginal(Conv2DBackpropFilter, 'cpu', args, 'NCHW');
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const g = filterGradGeometry(x, attrs);
  // With few input channels the rank-1 loop wins; otherwise im2col + a blocked GEMM.
  const grad = g.c < 8 ? conv2dFilterGradLoop : conv2dFilterGradGemm;
  const dw = grad(readF32(args.backend, x), readF32(args.backend, dy), g);
  return makeF32(args.backend, attrs.filterShape!.slice(), dw);
}

/** Conv2DBackpropFilter for cpu: typed arrays and a blocked GEMM (the stock kernel reads through TensorBuffer.get). */
export const conv2dBackpropFilterCpu: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: cpuKernel as unknown as KernelFunc,
};
