import { DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from './internal/backend-data.js';
import { depthwiseInputGradLoop } from './internal/depthwise-input-grad-loop.js';
import { convGeometry } from './internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from './internal/kernel-types.js';

function kernel(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const g = convGeometry(attrs.inputShape!, filter.shape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  return makeF32(args.backend, attrs.inputShape!.slice(), depthwiseInputGradLoop(readF32(args.backend, dy), readF32(args.backend, filter), g));
}

function config(backendName: 'cpu' | 'wasm'): KernelConfig {
  return { kernelName: DepthwiseConv2dNativeBackpropInput, backendName, kernelFunc: kernel as unknown as KernelFunc };
}

/** DepthwiseConv2dNativeBackpropInput for cpu: a typed-array loop over contiguous channels. */
export const depthwiseConv2dBackpropInputCpu: KernelConfig = config('cpu');
/** DepthwiseConv2dNativeBackpropInput for wasm (which has none): the same loop over the heap. */
export const depthwiseConv2dBackpropInputWasm: KernelConfig = config('wasm');
