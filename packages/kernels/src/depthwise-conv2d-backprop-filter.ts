import { DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from './internal/backend-data.js';
import { depthwiseFilterGradLoop } from './internal/depthwise-filter-grad-loop.js';
import { convGeometry } from './internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from './internal/kernel-types.js';

function kernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const g = convGeometry(x.shape, attrs.filterShape!, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  return makeF32(args.backend, attrs.filterShape!.slice(), depthwiseFilterGradLoop(readF32(args.backend, x), readF32(args.backend, dy), g));
}

function config(backendName: 'cpu' | 'wasm'): KernelConfig {
  return { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName, kernelFunc: kernel as unknown as KernelFunc };
}

/** DepthwiseConv2dNativeBackpropFilter for cpu: a typed-array loop over contiguous channels. */
export const depthwiseConv2dBackpropFilterCpu: KernelConfig = config('cpu');
/** DepthwiseConv2dNativeBackpropFilter for wasm (which has none): the same loop over the heap. */
export const depthwiseConv2dBackpropFilterWasm: KernelConfig = config('wasm');
