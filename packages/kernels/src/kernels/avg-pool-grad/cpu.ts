import { AvgPoolGrad } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { avgPoolGrad } from './impl.js';

/** AvgPoolGrad for cpu; unlike the stock kernel, correct at 'same' borders. */
export const avgPoolGradCpu: KernelConfig = { kernelName: AvgPoolGrad, backendName: 'cpu', kernelFunc: avgPoolGrad as unknown as KernelFunc };
