import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { maxPoolGrad } from './impl.js';

/** MaxPoolGrad for cpu: one pass over the windows, branch-free for 2x2/2 (the stock kernel goes through TensorBuffers). */
export const maxPoolGradCpu: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'cpu', kernelFunc: maxPoolGrad as unknown as KernelFunc };
