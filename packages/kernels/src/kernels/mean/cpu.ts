import { Mean } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { meanKernel } from './impl.js';

/** Mean for cpu over a run of leading or trailing axes of a float32 tensor (batch norm's batch statistics: the mean over N, H, W), summed in float64 in one pass; other reductions go to the stock kernel. */
export const meanCpu: KernelConfig = { kernelName: Mean, backendName: 'cpu', kernelFunc: meanKernel as unknown as KernelFunc };
