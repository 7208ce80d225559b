import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

type Pair = number | [number, number];

/** Attributes of the conv gradient kernels. `dilations` is our extension (TF.js's gradients never pass it for Conv2D). */
export interface ConvGradAttrs {
  strides: Pair;
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: Pair;
  filterShape?: number[];
  inputShape?: number[];
}

export interface PoolGradAttrs {
  filterSize: Pair;
  strides: Pair;
  pad: 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** A KernelConfig for a kernel function with several outputs (TF.js types kernelFunc loosely). */
export function multiOutputConfig(
  kernelName: string,
  backendName: string,
  fn: (args: KernelArgs) => TensorInfo[],
): KernelConfig {
  return { kernelName, backendName, kernelFunc: fn as unknown as KernelFunc };
}
