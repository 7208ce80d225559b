import { DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { depthwiseConv2dBackpropFilter } from './impl.js';

/** DepthwiseConv2dNativeBackpropFilter for cpu: a typed-array loop over contiguous channels. */
export const depthwiseConv2dBackpropFilterCpu: KernelConfig = { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName: 'cpu', kernelFunc: depthwiseConv2dBackpropFilter as unknown as KernelFunc };
