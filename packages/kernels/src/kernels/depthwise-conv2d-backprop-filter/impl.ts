import type { TensorInfo } from '@tensorflow/tfjs-core';
import { makeF32, readF32 } from '../../internal/backend-data.js';
import { depthwiseFilterGradLoop } from '../../internal/depthwise-filter-grad-loop.js';
import { convGeometry } from '../../internal/geometry.js';
import type { ConvGradAttrs, KernelArgs } from '../../internal/kernel-types.js';

/** DepthwiseConv2dNativeBackpropFilter as a typed-array loop over contiguous channels (cpu, and wasm over its heap). */
export function depthwiseConv2dBackpropFilter(args: KernelArgs): TensorInfo {
  const attrs = args.attrs as unknown as ConvGradAttrs;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const g = convGeometry(x.shape, attrs.filterShape!, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
  return makeF32(args.backend, attrs.filterShape!.slice(), depthwiseFilterGradLoop(readF32(args.backend, x), readF32(args.backend, dy), g));
}
