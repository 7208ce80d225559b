import { DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { depthwiseConv2dBackpropInput } from './impl.js';

/** DepthwiseConv2dNativeBackpropInput for cpu: a typed-array loop over contiguous channels. */
export const depthwiseConv2dBackpropInputCpu: KernelConfig = { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: 'cpu', kernelFunc: depthwiseConv2dBackpropInput as unknown as KernelFunc };
