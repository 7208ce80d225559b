import { DepthwiseConv2dNativeBackpropFilter } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { depthwiseConv2dBackpropFilter } from './impl.js';

/** DepthwiseConv2dNativeBackpropFilter for wasm (which has none): the same loop over the heap. */
export const depthwiseConv2dBackpropFilterWasm: KernelConfig = { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName: 'wasm', kernelFunc: depthwiseConv2dBackpropFilter as unknown as KernelFunc };
