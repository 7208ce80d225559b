import { Sum } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { sumKernel } from './impl.js';

/** Sum for cpu over a run of leading or trailing axes of a float32 tensor, the bias and batch-norm gradients of conv and dense layers (sum over N, H, W): the stock kernel first transposes the reduced axes to the end through a generic gather. Other reductions go to the stock kernel. */
export const sumCpu: KernelConfig = { kernelName: Sum, backendName: 'cpu', kernelFunc: sumKernel as unknown as KernelFunc };
