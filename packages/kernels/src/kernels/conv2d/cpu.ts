import { Conv2D } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from '../../internal/backend-data.js';
import { conv2dForwardGemm } from '../../internal/conv2d-gemm.js';
import { convGeometry, isChannelsFirst } from '../../internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from '../../internal/kernel-types.js';
import { hasOriginal, runOriginal } from '../../internal/originals.js';

function cpuKernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  if (isChannelsFirst(attrs.dataFormat)) return runOriginal(Conv2D, 'cpu', args, 'NCHW');
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const g = convGeometry(x.shape, filter.shape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false);
  // With few input channels (a first layer) im2col buys nothing over the stock loop.
  if (g.c < 8 && hasOriginal(Conv2D, 'cpu')) return runOriginal(Conv2D, 'cpu', args, 'this case');
  const y = conv2dForwardGemm(readF32(args.backend, x), readF32(args.backend, filter), g);
  return makeF32(args.backend, [g.n, g.oh, g.ow, g.oc], y);
}

/**
 * Conv2D (forward) for cpu: im2col + a blocked GEMM. Not a gradient, but after the
 * gradients above it is the largest cost of a CNN training step on cpu.
 */
export const conv2dCpu: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'cpu',
  kernelFunc: cpuKernel as unknown as KernelFunc,
};
