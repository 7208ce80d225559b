import type { TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from '../../internal/backend-data.js';
import { depthwiseInputGradLoop } from '../../internal/depthwise-input-grad-loop.js';
import { convGeometry } from '../../internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from '../../internal/kernel-types.js';

/** DepthwiseConv2dNativeBackpropInput as a typed-array loop over contiguous channels (cpu, and wasm over its heap). */
export function depthwiseConv2dBackpropInput(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const g = convGeometry(attrs.inputShape!, filter.shape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  return makeF32(args.backend, attrs.inputShape!.slice(), depthwiseInputGradLoop(readF32(args.backend, dy), readF32(args.backend, filter), g));
}
