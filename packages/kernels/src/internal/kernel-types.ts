import type { KernelBackend, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';

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
