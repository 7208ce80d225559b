import { DepthwiseConv2dNativeBackpropInput } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { depthwiseConv2dBackpropInput } from './impl.js';

/** DepthwiseConv2dNativeBackpropInput for wasm (which has none): the same loop over the heap. */
export const depthwiseConv2dBackpropInputWasm: KernelConfig = { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: 'wasm', kernelFunc: depthwiseConv2dBackpropInput as unknown as KernelFunc };
