import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from '../../internal/backend-data.js';
import { conv2dInputGradGemm } from '../../internal/conv2d-gemm.js';
import { isChannelsFirst } from '../../internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from '../../internal/kernel-types.js';
import { runOriginal } from '../../internal/originals.js';
import { inputGradGeometry } from './impl.js';

function cpuKernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  if (isChannelsFirst(attrs.dataFormat)) return runOriginal(Conv2DBackpropInput, 'cpu', args, 'NCHW');
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const g = inputGradGeometry(filter, attrs);
  const dx = conv2dInputGradGemm(readF32(args.backend, dy), readF32(args.backend, filter), g);
  return makeF32(args.backend, attrs.inputShape!.slice(), dx);
}

/** Conv2DBackpropInput for cpu: a blocked GEMM against the filter, then col2im. */
export const conv2dBackpropInputCpu: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'cpu',
  kernelFunc: cpuKernel as unknown as KernelFunc,
};
